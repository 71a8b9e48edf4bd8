import math


def min_capacity(weights, days):
    # Assumes parcels can be split evenly: the average load is only a lower bound.
    return max(max(weights), math.ceil(sum(weights) / days))
