import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return (train_idx, test_idx): sorted int arrays partitioning range(len(y)), with exactly
    n_c * test_percent // 100 members of each class c in the test set.

    Choose which members go to the test set with np.random.default_rng(seed).
    """
    # your code here
    return np.arange(len(y)), np.array([], dtype=int)
