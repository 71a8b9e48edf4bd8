import numpy as np


def gradient_check(X: np.ndarray, y: np.ndarray, w: np.ndarray, grad: np.ndarray, eps: float = 1e-5) -> dict:
    """Central-difference gradient of the mean logistic loss at w, and its relative error against grad."""
    numeric = np.zeros_like(w, dtype=float)
    # your code here
    return {"numeric": numeric, "relative_error": 0.0}
