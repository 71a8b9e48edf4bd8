def course_order(n, prerequisites):
    # Scans every course at every step to find the smallest available one: O(n^2).
    indegree = [0] * n
    after = [[] for _ in range(n)]
    for course, pre in prerequisites:
        after[pre].append(course)
        indegree[course] += 1
    taken = [False] * n
    order = []
    for _ in range(n):
        pick = next((c for c in range(n) if not taken[c] and indegree[c] == 0), None)
        if pick is None:
            return []
        taken[pick] = True
        order.append(pick)
        for nxt in after[pick]:
            indegree[nxt] -= 1
    return order
