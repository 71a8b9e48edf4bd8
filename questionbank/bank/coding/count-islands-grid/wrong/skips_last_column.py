def count_regions(mask):
    # An off-by-one in the bounds check never steps into the last column.
    h, w = len(mask), len(mask[0])
    seen = [[False] * w for _ in range(h)]
    regions = 0
    for i in range(h):
        for j in range(w - 1):
            if mask[i][j] != "1" or seen[i][j]:
                continue
            regions += 1
            seen[i][j] = True
            stack = [(i, j)]
            while stack:
                a, b = stack.pop()
                for x, y in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                    if 0 <= x < h and 0 <= y < w - 1 and mask[x][y] == "1" and not seen[x][y]:
                        seen[x][y] = True
                        stack.append((x, y))
    return regions
