import heapq


def min_gpus(jobs):
    # Treats a job ending at t as still running at t, so back-to-back jobs need two GPUs.
    running, best = [], 0
    for start, end in sorted(jobs):
        while running and running[0] < start:
            heapq.heappop(running)
        heapq.heappush(running, end)
        best = max(best, len(running))
    return best
