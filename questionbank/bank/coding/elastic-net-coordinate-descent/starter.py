import numpy as np


def elastic_net_cd(X: np.ndarray, y: np.ndarray, alpha: float, l1_ratio: float, n_sweeps: int) -> np.ndarray:
    """Cyclic coordinate descent with soft-thresholding from w = 0; return w after n_sweeps full sweeps."""
    w = np.zeros(X.shape[1])
    # your code here
    return w
