def reservoir_sample(stream: list[int], k: int, u: list[float]) -> list[int]:
    # Algorithm R: keep the first k items; item i (0-based, i >= k) replaces slot j = floor(u[i] * (i + 1))
    # when j < k, which keeps every item seen so far in the reservoir with probability k / (i + 1).
    reservoir: list[int] = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        else:
            j = int(u[i] * (i + 1))
            if j < k:
                reservoir[j] = item
    return reservoir
