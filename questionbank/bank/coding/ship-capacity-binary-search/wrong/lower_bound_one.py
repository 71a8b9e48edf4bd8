def min_capacity(weights, days):
    # Searches from 1, forgetting that a day must at least carry the heaviest parcel: the day counter
    # below never fits a parcel heavier than the capacity, but still counts it as shipped.
    def days_needed(cap):
        d, load = 1, 0
        for w in weights:
            if load + w > cap:
                d, load = d + 1, 0
            load += w
        return d

    lo, hi = 1, sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if days_needed(mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
