import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=True):
    # Normalises each column (over queries) instead of each row (over keys).
    t, d = x.shape
    dh = d // n_heads
    q, k, v = (m.reshape(t, n_heads, dh).transpose(1, 0, 2) for m in (x @ Wq, x @ Wk, x @ Wv))
    s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
    if causal:
        s = np.where(np.triu(np.ones((t, t), bool), 1), -np.inf, s)
    p = np.exp(s - s.max(axis=-2, keepdims=True))
    p /= p.sum(axis=-2, keepdims=True)
    return (p @ v).transpose(1, 0, 2).reshape(t, d) @ Wo
