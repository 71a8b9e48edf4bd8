def earliest_connected(n: int, logs: list[list[int]]) -> int:
    # Union-find over links sorted by time, with path halving and union by size: near O(m log m) overall.
    if n == 1:
        return 0
    parent = list(range(n))
    size = [1] * n

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    groups = n
    for t, a, b in sorted(logs):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
        groups -= 1
        if groups == 1:
            return t
    return -1
