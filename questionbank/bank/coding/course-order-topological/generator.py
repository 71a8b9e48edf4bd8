import heapq

import numpy as np


def _order(n, pairs):
    indegree = [0] * n
    after = [[] for _ in range(n)]
    for course, pre in pairs:
        after[pre].append(course)
        indegree[course] += 1
    ready = [c for c in range(n) if indegree[c] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        c = heapq.heappop(ready)
        order.append(c)
        for nxt in after[c]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, nxt)
    return order if len(order) == n else []


def generate(seed, n, m, cycle=False):
    rng = np.random.default_rng(seed)
    # A hidden ranking of courses; prerequisites always point from a lower rank to a higher one.
    rank = rng.permutation(n)
    by_rank = np.argsort(rank)
    ends = np.sort(rng.integers(0, n, size=(m, 2)), axis=1)
    ends = ends[ends[:, 0] != ends[:, 1]]
    pairs = np.stack([by_rank[ends[:, 1]], by_rank[ends[:, 0]]], axis=1).tolist()
    if cycle:
        a, b = int(by_rank[n // 2]), int(by_rank[n // 2 + 7])
        pairs.append([a, b])
        pairs.append([b, a])
    return {"args": [n, pairs], "kwargs": {}, "expected": _order(n, pairs)}
