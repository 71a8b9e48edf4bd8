import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=True):
    # Divides scores by sqrt(d_model) instead of sqrt(d_head).
    t, d = x.shape
    dh = d // n_heads
    q, k, v = (m.reshape(t, n_heads, dh).transpose(1, 0, 2) for m in (x @ Wq, x @ Wk, x @ Wv))
    s = q @ k.transpose(0, 2, 1) / np.sqrt(d)
    if causal:
        s = np.where(np.triu(np.ones((t, t), bool), 1), -np.inf, s)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return (p @ v).transpose(1, 0, 2).reshape(t, d) @ Wo
