import numpy as np


def elastic_net_cd(X: np.ndarray, y: np.ndarray, alpha: float, l1_ratio: float, n_sweeps: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    z = (X**2).sum(axis=0) / n  # each column's own scale; 1 for standardised columns
    thresh = alpha * l1_ratio
    denom = z + alpha * (1 - l1_ratio)
    r = y.copy()  # residual y - X @ w, kept up to date after every coordinate
    for _ in range(n_sweeps):
        for j in range(d):
            if denom[j] == 0:  # an all-zero column with no L2 part: its coefficient stays 0
                continue
            rho = X[:, j] @ r / n + z[j] * w[j]  # correlation with the residual that leaves feature j out
            new = np.sign(rho) * max(abs(rho) - thresh, 0.0) / denom[j]
            if new != w[j]:
                r -= X[:, j] * (new - w[j])
                w[j] = new
    return w
