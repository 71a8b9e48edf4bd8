import numpy as np


def mlp_loss_and_grads(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> dict:
    # Lets the gradient through where the ReLU input is exactly zero.
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).astype(np.int64)
    n = len(X)
    rows = np.arange(n)
    # Forward.
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    Z2 = H @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)  # exp never overflows; the softmax is unchanged
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[rows, y].mean()
    # Backward: d(mean cross-entropy)/dZ2 = (softmax - one_hot) / n.
    dZ2 = np.exp(log_p)
    dZ2[rows, y] -= 1.0
    dZ2 /= n
    dW2 = H.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dZ1 = (dZ2 @ W2.T) * (Z1 >= 0)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"loss": float(loss), "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
