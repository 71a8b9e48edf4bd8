import numpy as np


def pca_transform(X: np.ndarray, n_components: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    # Right singular vectors of the centred data are the principal directions,
    # already sorted by decreasing singular value.
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    W = Vt[:n_components].T
    if W.shape[1] < n_components:  # n < d: pad with zero-variance directions (they project to 0)
        W = np.hstack([W, np.zeros((W.shape[0], n_components - W.shape[1]))])
    # Sign convention: the largest-magnitude entry of each direction is positive.
    idx = np.abs(W).argmax(axis=0)
    signs = np.sign(W[idx, np.arange(W.shape[1])])
    signs[signs == 0] = 1.0
    return Xc @ (W * signs)
