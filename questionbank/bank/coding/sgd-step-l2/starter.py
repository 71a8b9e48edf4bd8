import numpy as np


def sgd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float, l2: float) -> np.ndarray:
    """One mini-batch SGD step on mean log loss + (l2 / 2) * ||w||^2 (bias not regularised).

    Returns np.concatenate([w_new, [b_new]]), shape (d + 1,).
    """
    # your code here
    return np.append(w, b)
