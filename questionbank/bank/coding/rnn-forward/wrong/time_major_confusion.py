import numpy as np


def rnn_forward(x, h0, W_xh, W_hh, b):
    # Steps through the batch axis as if x were time-major (T, N, D): the recurrence runs across sequences.
    n, t_len, _ = x.shape
    h = np.asarray(h0, dtype=float)[:1].repeat(t_len, axis=0)  # one "batch" of T rows, from the first h0
    states = np.empty((n, t_len, h.shape[1]))
    for i in range(n):
        h = np.tanh(x[i] @ W_xh + h @ W_hh + b)
        states[i] = h
    return states
