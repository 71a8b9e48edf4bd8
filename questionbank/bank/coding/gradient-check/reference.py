import numpy as np


def _loss(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    z = X @ w
    # mean(log(1 + e^z) - y z), with logaddexp so large |z| never overflows.
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def gradient_check(X: np.ndarray, y: np.ndarray, w: np.ndarray, grad: np.ndarray, eps: float = 1e-5) -> dict:
    X, y, w, grad = (np.asarray(a, dtype=float) for a in (X, y, w, grad))
    numeric = np.empty_like(w)
    for i in range(len(w)):  # central differences, one coordinate at a time
        step = np.zeros_like(w)
        step[i] = eps
        numeric[i] = (_loss(X, y, w + step) - _loss(X, y, w - step)) / (2 * eps)
    denom = np.linalg.norm(grad) + np.linalg.norm(numeric)
    rel = 0.0 if denom == 0 else float(np.linalg.norm(grad - numeric) / denom)
    return {"numeric": numeric, "relative_error": rel}
