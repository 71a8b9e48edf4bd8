import numpy as np


def time_series_splits(timestamps: np.ndarray, n_splits: int, gap: int) -> list[list[list[int]]]:
    # Expanding-window splits over the distinct timestamps in time order: fold f validates on the (f+1)-th of
    # n_splits + 1 equal blocks of distinct times, trains on every time strictly before the block minus `gap`
    # distinct times. Rows sharing a timestamp always fall on the same side.
    ts = np.asarray(timestamps)
    times = np.unique(ts)
    block = len(times) // (n_splits + 1)
    folds = []
    for f in range(n_splits):
        val_start = block * (f + 1)
        val_end = val_start + block if f < n_splits - 1 else len(times)
        train_times = times[: max(val_start - gap, 0)]
        val_times = times[val_start:val_end]
        train = np.flatnonzero(np.isin(ts, train_times)).tolist()
        val = np.flatnonzero(np.isin(ts, val_times)).tolist()
        folds.append([train, val])
    return folds
