import numpy as np


def multi_head_attention(
    x: np.ndarray,
    Wq: np.ndarray,
    Wk: np.ndarray,
    Wv: np.ndarray,
    Wo: np.ndarray,
    n_heads: int,
    causal: bool = True,
) -> np.ndarray:
    # x: (T, d_model). Project, split the feature axis into heads, attend per head, concatenate, project out.
    t_len, d_model = x.shape
    d_head = d_model // n_heads

    def heads(m: np.ndarray) -> np.ndarray:  # (T, d_model) -> (H, T, d_head)
        return m.reshape(t_len, n_heads, d_head).transpose(1, 0, 2)

    q, k, v = heads(x @ Wq), heads(x @ Wk), heads(x @ Wv)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_head)  # (H, T, T)
    if causal:
        future = np.triu(np.ones((t_len, t_len), dtype=bool), k=1)
        scores = np.where(future, -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)  # stable softmax; row max is finite (diagonal)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    out = (weights @ v).transpose(1, 0, 2).reshape(t_len, d_model)
    return out @ Wo
