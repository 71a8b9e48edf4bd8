import heapq


def course_order(n: int, prerequisites: list[list[int]]) -> list[int]:
    # Kahn's algorithm with a min-heap of available courses, so ties go to the smallest number.
    indegree = [0] * n
    after: list[list[int]] = [[] for _ in range(n)]
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
    return order if len(order) == n else []  # courses left over sit on a cycle
