import heapq


def kth_largest_stream(k, scores):
    # Pushes every score and reads the top of the min-heap: that is the minimum, not the k-th largest.
    heap, out = [], []
    for s in scores:
        heapq.heappush(heap, s)
        out.append(heap[0] if len(heap) >= k else None)
    return out
