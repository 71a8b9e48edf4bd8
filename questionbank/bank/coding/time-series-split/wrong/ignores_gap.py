import numpy as np


def time_series_splits(timestamps, n_splits, gap):
    # Right blocks, but the training window runs right up to the validation block whatever the gap.
    ts = np.asarray(timestamps)
    times = np.unique(ts)
    block = len(times) // (n_splits + 1)
    folds = []
    for f in range(n_splits):
        vs = block * (f + 1)
        ve = vs + block if f < n_splits - 1 else len(times)
        folds.append(
            [
                np.flatnonzero(np.isin(ts, times[:vs])).tolist(),
                np.flatnonzero(np.isin(ts, times[vs:ve])).tolist(),
            ]
        )
    return folds
