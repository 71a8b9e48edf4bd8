import heapq


def running_median(latencies):
    # Alternates between the heaps by arrival count instead of by value, so the halves are not split at the median.
    low, high, out = [], [], []
    for i, x in enumerate(latencies):
        if i % 2 == 0:
            heapq.heappush(low, -x)
        else:
            heapq.heappush(high, x)
        out.append(float(-low[0]) if len(low) > len(high) else (-low[0] + high[0]) / 2)
    return out
