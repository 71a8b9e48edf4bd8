def running_median(latencies: list[int]) -> list[float]:
    """After each latency, the median of all latencies so far."""
    out = []
    # your code here
    return out
