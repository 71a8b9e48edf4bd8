import numpy as np


def _predict(Xtr, ytr, Xte, k):
    out = []
    for x in Xte:
        dist = np.sum((Xtr - x) ** 2, axis=1)
        order = sorted(range(len(Xtr)), key=lambda i: (dist[i], i))[:k]
        counts = {}
        for i in order:
            counts[int(ytr[i])] = counts.get(int(ytr[i]), 0) + 1
        best = max(counts.values())
        out.append(min(lab for lab, c in counts.items() if c == best))
    return np.array(out, dtype=np.int64)


def generate(seed, n_train=200, n_test=100, d=4, n_classes=3, k=5, integer=False):
    rng = np.random.default_rng(seed)
    centers = rng.normal(0.0, 3.0, size=(n_classes, d))
    labels = np.arange(n_classes) * 2 + 1  # labels 1, 3, 5, ...: not 0..c-1 on purpose
    ytr = labels[rng.integers(0, n_classes, size=n_train)]
    Xtr = centers[(ytr - 1) // 2] + rng.normal(0.0, 2.0, size=(n_train, d))
    yte_idx = rng.integers(0, n_classes, size=n_test)
    Xte = centers[yte_idx] + rng.normal(0.0, 2.0, size=(n_test, d))
    if integer:
        # small integer grid: many exact distance ties and vote ties
        Xtr = np.round(Xtr).clip(-3, 3)
        Xte = np.round(Xte).clip(-3, 3)
    return {"args": [Xtr, ytr.astype(np.int64), Xte, k], "kwargs": {}, "expected": _predict(Xtr, ytr, Xte, k)}
