import heapq


def kth_largest_stream(k: int, scores: list[int]) -> list[int | None]:
    # A min-heap of the k largest so far: its top is the k-th largest. O(n log k).
    heap: list[int] = []
    out: list[int | None] = []
    for s in scores:
        if len(heap) < k:
            heapq.heappush(heap, s)
        elif s > heap[0]:
            heapq.heapreplace(heap, s)
        out.append(heap[0] if len(heap) == k else None)
    return out
