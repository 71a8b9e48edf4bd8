def edit_distance(reference, hypothesis):
    # The recurrence without memoisation: exponential time.
    def d(i, j):
        if i == 0:
            return j
        if j == 0:
            return i
        return min(
            d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (reference[i - 1] != hypothesis[j - 1])
        )

    return d(len(reference), len(hypothesis))
