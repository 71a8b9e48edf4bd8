def min_gpus(jobs):
    # For each job, counts the jobs running at its start: correct, but O(n^2).
    best = 0
    for s, _ in jobs:
        best = max(best, sum(1 for a, b in jobs if a <= s < b))
    return best
