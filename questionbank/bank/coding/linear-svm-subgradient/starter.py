import numpy as np


def svm_subgradient(X: np.ndarray, y: np.ndarray, lam: float, lr: float, n_steps: int) -> tuple:
    """Full-batch subgradient descent on lam/2 ||w||^2 + mean hinge loss from w = 0, b = 0; return (w, b)."""
    w, b = np.zeros(X.shape[1]), 0.0
    # your code here
    return w, b
