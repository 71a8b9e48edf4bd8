import numpy as np


def rnn_forward(
    x: np.ndarray, h0: np.ndarray, W_xh: np.ndarray, W_hh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    # h_t = tanh(x_t W_xh + h_{t-1} W_hh + b), batch-first: x is (N, T, D), the hidden states (N, T, H).
    n, t_len, _ = x.shape
    h = np.asarray(h0, dtype=float)
    states = np.empty((n, t_len, h.shape[1]))
    for t in range(t_len):
        h = np.tanh(x[:, t, :] @ W_xh + h @ W_hh + b)
        states[:, t, :] = h
    return states
