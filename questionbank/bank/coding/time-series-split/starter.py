import numpy as np


def time_series_splits(timestamps: np.ndarray, n_splits: int, gap: int) -> list[list[list[int]]]:
    """[[train_rows, validation_rows], ...] for expanding-window splits over distinct timestamps."""
    folds = []
    # your code here
    return folds
