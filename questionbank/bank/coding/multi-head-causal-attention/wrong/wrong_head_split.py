import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=True):
    # Splits heads with reshape(n_heads, t, dh) directly, mixing tokens and features across heads.
    t, d = x.shape
    dh = d // n_heads
    q, k, v = (m.reshape(n_heads, t, dh) for m in (x @ Wq, x @ Wk, x @ Wv))
    s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
    if causal:
        s = np.where(np.triu(np.ones((t, t), bool), 1), -np.inf, s)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return (p @ v).reshape(t, d) @ Wo
