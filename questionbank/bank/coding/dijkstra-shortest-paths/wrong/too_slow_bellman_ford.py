def shortest_paths(n, roads, source):
    # Bellman-Ford: correct for non-negative weights but O(n * m), far too slow at 50,000 nodes.
    inf = float("inf")
    dist = [inf] * n
    dist[source] = 0
    for _ in range(n - 1):
        changed = False
        for u, v, w in roads:
            if dist[u] + w < dist[v]:
                dist[v] = dist[u] + w
                changed = True
        if not changed:
            break
    return [int(d) if d != inf else -1 for d in dist]
