def reservoir_sample(stream, k, u):
    # Accepts each later item with a fixed probability k / len(stream): needs the stream length in advance,
    # and the slot it replaces is not uniform either.
    reservoir = []
    n = len(stream)
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        elif u[i] < k / n:
            reservoir[int(u[i] * n) % k] = item
    return reservoir
