import numpy as np


def _count(rows):
    h, w = len(rows), len(rows[0])
    seen = [[False] * w for _ in range(h)]
    regions = 0
    for i in range(h):
        for j in range(w):
            if rows[i][j] == "1" and not seen[i][j]:
                regions += 1
                seen[i][j] = True
                stack = [(i, j)]
                while stack:
                    a, b = stack.pop()
                    for x, y in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                        if 0 <= x < h and 0 <= y < w and rows[x][y] == "1" and not seen[x][y]:
                            seen[x][y] = True
                            stack.append((x, y))
    return regions


def generate(seed, size, snake=False, density=0.5):
    rng = np.random.default_rng(seed)
    if snake:
        # Every other row is full; rows between are joined at alternating ends: one region about
        # half a million pixels long, deeper than any recursion limit.
        grid = np.zeros((size, size), dtype=np.int8)
        grid[::2, :] = 1
        for r in range(1, size, 2):
            grid[r, size - 1 if (r // 2) % 2 == 0 else 0] = 1
        grid[size - 1, :] = 0
        grid[size - 1, int(rng.integers(0, size))] = 1
    else:
        grid = (rng.random((size, size)) < density).astype(np.int8)
    rows = ["".join("1" if v else "0" for v in row) for row in grid.tolist()]
    return {"args": [rows], "kwargs": {}, "expected": _count(rows)}
