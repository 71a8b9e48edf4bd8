import numpy as np


def rnn_forward(x, h0, W_xh, W_hh, b):
    # Multiplies by W_hh transposed: invisible when W_hh is symmetric, wrong otherwise.
    n, t_len, _ = x.shape
    h = np.asarray(h0, dtype=float)
    states = np.empty((n, t_len, h.shape[1]))
    for t in range(t_len):
        h = np.tanh(x[:, t, :] @ W_xh + h @ W_hh.T + b)
        states[:, t, :] = h
    return states
