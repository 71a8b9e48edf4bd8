import heapq
import math


def weighted_sample(weights: list[float], k: int, u: list[float]) -> list[int]:
    # Efraimidis-Spirakis: item i gets the key u_i ** (1 / w_i); the k largest keys form a weighted sample
    # without replacement. Compared in log space (log(u) / w) so tiny weights do not underflow to 0.
    keys = []
    for i, (w, r) in enumerate(zip(weights, u, strict=True)):
        if w > 0:
            keys.append((math.log(r) / w, -i))  # ties: the smaller index first
    best = heapq.nlargest(k, keys)
    return [-neg_i for _, neg_i in best]
