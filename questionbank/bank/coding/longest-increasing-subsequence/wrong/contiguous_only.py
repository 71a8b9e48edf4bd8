def longest_improving(scores):
    # Finds the longest increasing stretch of consecutive scores, not a subsequence.
    best = run = 0
    prev = None
    for x in scores:
        run = run + 1 if prev is not None and x > prev else 1
        best = max(best, run)
        prev = x
    return best
