def min_gpus(jobs: list[list[int]]) -> int:
    """The smallest number of GPUs that runs every job at its scheduled time."""
    gpus = 0
    # your code here
    return gpus
