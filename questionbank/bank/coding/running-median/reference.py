import heapq


def running_median(latencies: list[int]) -> list[float]:
    # Two heaps: `low` (a max-heap, stored negated) holds the smaller half and is never smaller than `high`.
    low: list[int] = []
    high: list[int] = []
    out: list[float] = []
    for x in latencies:
        if low and x > -low[0]:
            heapq.heappush(high, x)
        else:
            heapq.heappush(low, -x)
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        out.append(float(-low[0]) if len(low) > len(high) else (-low[0] + high[0]) / 2)
    return out
