def earliest_connected(n: int, logs: list[list[int]]) -> int:
    """The earliest time at which every machine can reach every other, or -1."""
    earliest = -1
    # your code here
    return earliest
