import heapq


def kth_largest_stream(k, scores):
    # Keeps the k smallest scores instead of the k largest.
    heap, out = [], []
    for s in scores:
        if len(heap) < k:
            heapq.heappush(heap, -s)
        elif s < -heap[0]:
            heapq.heapreplace(heap, -s)
        out.append(-heap[0] if len(heap) == k else None)
    return out
