def min_capacity(weights, days):
    # Moves hi below a feasible mid, so the search can step past the smallest feasible capacity.
    def days_needed(cap):
        d, load = 1, 0
        for w in weights:
            if load + w > cap:
                d, load = d + 1, 0
            load += w
        return d

    lo, hi = max(weights), sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid - 1
        else:
            lo = mid + 1
    return lo
