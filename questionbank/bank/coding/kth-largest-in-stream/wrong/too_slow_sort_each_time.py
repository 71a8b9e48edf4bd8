def kth_largest_stream(k, scores):
    # Sorts everything seen so far after each arrival: O(n^2 log n).
    seen, out = [], []
    for s in scores:
        seen.append(s)
        out.append(sorted(seen, reverse=True)[k - 1] if len(seen) >= k else None)
    return out
