import heapq


def weighted_sample(weights, k, u):
    # Uses u * w as the key: heavier items win too often (not proportional to weight).
    keys = [(r * w, -i) for i, (w, r) in enumerate(zip(weights, u, strict=True)) if w > 0]
    return [-neg for _, neg in heapq.nlargest(k, keys)]
