import numpy as np


def generate(seed, n, days, n_splits, gap):
    rng = np.random.default_rng(seed)
    ts = rng.integers(0, days, size=n)
    times = sorted(set(ts.tolist()))
    block = len(times) // (n_splits + 1)
    folds = []
    for f in range(n_splits):
        vs = block * (f + 1)
        ve = vs + block if f < n_splits - 1 else len(times)
        train_set = set(times[: max(vs - gap, 0)])
        val_set = set(times[vs:ve])
        tl = ts.tolist()
        folds.append(
            [[k for k, t in enumerate(tl) if t in train_set], [k for k, t in enumerate(tl) if t in val_set]]
        )
    return {"args": [ts, n_splits, gap], "kwargs": {}, "expected": folds}
