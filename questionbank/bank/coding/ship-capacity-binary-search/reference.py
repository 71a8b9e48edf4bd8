def _days_needed(weights: list[int], capacity: int) -> int:
    days, load = 1, 0
    for w in weights:
        if load + w > capacity:  # this parcel starts a new day
            days, load = days + 1, 0
        load += w
    return days


def min_capacity(weights: list[int], days: int) -> int:
    # Feasibility is monotone in the capacity, so binary search between the heaviest parcel and the total.
    lo, hi = max(weights), sum(weights)
    while lo < hi:
        mid = (lo + hi) // 2
        if _days_needed(weights, mid) <= days:
            hi = mid
        else:
            lo = mid + 1
    return lo
