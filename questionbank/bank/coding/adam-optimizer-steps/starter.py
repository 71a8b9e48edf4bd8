import numpy as np


def adam_steps(
    w0: np.ndarray,
    grads: np.ndarray,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    """Apply one Adam update per gradient in `grads`; return the weights after every step."""
    history = np.zeros((len(grads), *np.shape(w0)))
    # your code here
    return history
