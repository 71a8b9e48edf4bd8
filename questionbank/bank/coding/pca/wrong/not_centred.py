import numpy as np


def pca_transform(X: np.ndarray, n_components: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    # Forgot to centre: the first "component" points at the mean instead of along the spread.
    cov = X.T @ X / (len(X) - 1 if len(X) > 1 else 1)
    vals, vecs = np.linalg.eigh(cov)
    W = vecs[:, np.argsort(vals)[::-1][:n_components]]
    idx = np.abs(W).argmax(axis=0)
    W = W * np.sign(W[idx, np.arange(W.shape[1])])
    return X @ W
