import numpy as np


def gradient_check(X, y, w, grad, eps=1e-5):
    # One-sided differences: error of order eps instead of eps squared.
    X, y, w, grad = (np.asarray(a, float) for a in (X, y, w, grad))

    def loss(v):
        z = X @ v
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    base = loss(w)
    numeric = np.array([(loss(w + eps * np.eye(len(w))[i]) - base) / eps for i in range(len(w))])
    denom = np.linalg.norm(grad) + np.linalg.norm(numeric)
    return {
        "numeric": numeric,
        "relative_error": 0.0 if denom == 0 else float(np.linalg.norm(grad - numeric) / denom),
    }
