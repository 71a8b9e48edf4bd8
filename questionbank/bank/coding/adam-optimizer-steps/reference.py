import numpy as np


def adam_steps(
    w0: np.ndarray,
    grads: np.ndarray,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    w = np.array(w0, dtype=float)  # a copy: the caller's starting point stays as it was
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    out = []
    for t, g in enumerate(np.asarray(grads, dtype=float), start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)  # bias correction: m and v start at zero
        v_hat = v / (1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        out.append(w)
    return np.array(out).reshape((len(out), *w.shape))
