import heapq
import math


def weighted_sample(weights, k, u):
    # Keeps the k smallest keys, which favours the lightest items.
    keys = [(math.log(r) / w, i) for i, (w, r) in enumerate(zip(weights, u, strict=True)) if w > 0]
    return [i for _, i in heapq.nsmallest(k, keys)]
