import numpy as np


def time_series_splits(timestamps, n_splits, gap):
    # Sorts rows by time and cuts the row list into blocks: rows of the same day can land on both sides.
    ts = np.asarray(timestamps)
    order = np.argsort(ts, kind="stable")
    block = len(ts) // (n_splits + 1)
    folds = []
    for f in range(n_splits):
        vs = block * (f + 1)
        ve = vs + block if f < n_splits - 1 else len(ts)
        folds.append([sorted(order[: max(vs - gap, 0)].tolist()), sorted(order[vs:ve].tolist())])
    return folds
