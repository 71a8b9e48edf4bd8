import heapq

import numpy as np


def generate(seed, n, m, chain=False):
    rng = np.random.default_rng(seed)
    edges = []
    if chain:
        # One long path listed back to front, plus roads that only lead backwards: the answer needs every
        # step of the path, and a method that sweeps the road list repeatedly needs n sweeps.
        for i in reversed(range(n - 1)):
            edges.append([i, i + 1, int(rng.integers(1, 10))])
        while len(edges) < m:
            u, v = sorted(int(x) for x in rng.integers(0, n, size=2))
            edges.append([v, u, int(rng.integers(0, 1000))])
    while len(edges) < m:
        u, v = (int(x) for x in rng.integers(0, n, size=2))
        edges.append([u, v, int(rng.integers(0, 1000))])
    adj = [[] for _ in range(n)]
    for u, v, w in edges:
        adj[u].append((v, w))
    dist = [-1] * n
    heap = [(0, 0)]
    best = {0: 0}
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] != -1:
            continue
        dist[u] = d
        for v, w in adj[u]:
            nd = d + w
            if dist[v] == -1 and nd < best.get(v, nd + 1):
                best[v] = nd
                heapq.heappush(heap, (nd, v))
    return {"args": [n, edges, 0], "kwargs": {}, "expected": dist}
