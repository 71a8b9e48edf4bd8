import heapq


def running_median(latencies):
    # For an even count returns the upper middle value instead of the mean of the two middle values.
    low, high, out = [], [], []
    for x in latencies:
        if low and x > -low[0]:
            heapq.heappush(high, x)
        else:
            heapq.heappush(low, -x)
        if len(low) > len(high) + 1:
            heapq.heappush(high, -heapq.heappop(low))
        elif len(high) > len(low):
            heapq.heappush(low, -heapq.heappop(high))
        out.append(float(-low[0]) if len(low) > len(high) else float(high[0]))
    return out
