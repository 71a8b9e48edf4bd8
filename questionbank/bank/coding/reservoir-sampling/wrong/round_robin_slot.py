def reservoir_sample(stream, k, u):
    # Decides acceptance correctly but always overwrites slot i % k instead of the drawn slot.
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        elif int(u[i] * (i + 1)) < k:
            reservoir[i % k] = item
    return reservoir
