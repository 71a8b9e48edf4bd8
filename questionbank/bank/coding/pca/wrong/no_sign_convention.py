import numpy as np


def pca_transform(X: np.ndarray, n_components: int) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    Xc = X - X.mean(axis=0)
    # Whatever sign the SVD returns: the statement fixes the sign of each direction.
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    W = Vt[:n_components].T
    if W.shape[1] < n_components:
        W = np.hstack([W, np.zeros((W.shape[0], n_components - W.shape[1]))])
    return Xc @ W
