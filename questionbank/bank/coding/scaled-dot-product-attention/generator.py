import numpy as np


def _attend(Q, K, V, mask):
    """Independent implementation: loop over the flattened leading axes, log-sum-exp softmax."""
    lead = Q.shape[:-2]
    n_q, n_k = Q.shape[-2], K.shape[-2]
    full_mask = (
        np.broadcast_to(mask, (*lead, n_q, n_k)) if mask is not None else np.ones((*lead, n_q, n_k), bool)
    )
    Qf = Q.reshape(-1, n_q, Q.shape[-1])
    Kf = K.reshape(-1, n_k, K.shape[-1])
    Vf = V.reshape(-1, n_k, V.shape[-1])
    Mf = full_mask.reshape(-1, n_q, n_k)
    out = np.zeros((Qf.shape[0], n_q, V.shape[-1]))
    for h in range(Qf.shape[0]):
        s = np.einsum("qd,kd->qk", Qf[h], Kf[h]) / np.sqrt(Q.shape[-1])
        for i in range(n_q):
            keep = Mf[h, i]
            if not keep.any():
                continue
            row = s[i, keep]
            lse = row.max() + np.log(np.exp(row - row.max()).sum())
            out[h, i] = np.exp(row - lse) @ Vf[h][keep]
    return out.reshape((*lead, n_q, V.shape[-1]))


def generate(seed, lead=(2, 4), n_q=32, n_k=32, d_k=16, d_v=16, mask="none", scale=1.0):
    rng = np.random.default_rng(seed)
    lead = tuple(lead)
    Q = rng.normal(0.0, scale, size=(*lead, n_q, d_k))
    K = rng.normal(0.0, scale, size=(*lead, n_k, d_k))
    V = rng.normal(size=(*lead, n_k, d_v))
    Q, K, V = np.round(Q, 4), np.round(K, 4), np.round(V, 4)  # compact test data; exact inputs
    if mask == "causal":
        m = np.tril(np.ones((n_q, n_k), dtype=bool))
    elif mask == "padding":
        # per-sequence key padding, shape (batch, 1, 1, n_k); one sequence is fully padded
        lengths = rng.integers(1, n_k + 1, size=lead[0])
        lengths[-1] = 0
        m = (np.arange(n_k)[None, :] < lengths[:, None]).reshape(
            (lead[0],) + (1,) * (len(lead) - 1) + (1, n_k)
        )
    else:
        m = None
    kwargs = {} if m is None else {"mask": m}
    return {"args": [Q, K, V], "kwargs": kwargs, "expected": _attend(Q, K, V, m)}
