def min_capacity(weights, days):
    # Tries every capacity upwards from the heaviest parcel: correct, but O(n * answer).
    cap = max(weights)
    while True:
        d, load = 1, 0
        for w in weights:
            if load + w > cap:
                d, load = d + 1, 0
            load += w
        if d <= days:
            return cap
        cap += 1
