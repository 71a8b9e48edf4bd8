import numpy as np


def adam_steps(w0, grads, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    # Puts eps under the square root: a different optimiser once gradients are small.
    w = np.array(w0, dtype=float)
    m, v, out = np.zeros_like(w), np.zeros_like(w), []
    for t, g in enumerate(np.asarray(grads, dtype=float), start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps)
        out.append(w)
    return np.array(out)
