import heapq


def course_order(n, prerequisites):
    # Returns the partial order it found instead of [] when some courses can never be taken.
    indegree = [0] * n
    after = [[] for _ in range(n)]
    for course, pre in prerequisites:
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
    return order
