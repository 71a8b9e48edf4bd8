def count_windows(changes: list[int], target: int) -> int:
    """How many contiguous non-empty windows of `changes` sum exactly to `target`."""
    count = 0
    # your code here
    return count
