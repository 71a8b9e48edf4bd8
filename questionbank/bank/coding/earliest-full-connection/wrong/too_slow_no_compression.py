def earliest_connected(n, logs):
    # Union-find without path compression or union by size: a chain makes every find O(n).
    if n == 1:
        return 0
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    groups = n
    for t, a, b in sorted(logs):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
            groups -= 1
            if groups == 1:
                return t
    return -1
