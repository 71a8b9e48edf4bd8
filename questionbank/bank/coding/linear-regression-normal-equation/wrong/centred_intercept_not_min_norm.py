import numpy as np


def fit_linear_regression(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    # Centre, fit the weights by minimum-norm least squares, then recover the intercept: the
    # minimum norm is taken over the weights only, not over the whole theta.
    xm, ym = X.mean(axis=0), y.mean()
    w, *_ = np.linalg.lstsq(X - xm, y - ym, rcond=None)
    return np.concatenate([[ym - xm @ w], w])
