import heapq


def min_gpus(jobs: list[list[int]]) -> int:
    # Sweep jobs by start time; a min-heap holds the end times of the jobs still running.
    running: list[int] = []
    best = 0
    for start, end in sorted(jobs):
        while running and running[0] <= start:  # half-open: a job ending at `start` frees its GPU
            heapq.heappop(running)
        heapq.heappush(running, end)
        best = max(best, len(running))
    return best
