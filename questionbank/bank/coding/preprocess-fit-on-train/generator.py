import statistics

import numpy as np


def generate(seed, n_train, n_test, d, k, shift=0.0):
    rng = np.random.default_rng(seed)
    train = rng.normal(2.0, rng.uniform(0.5, 5, size=d), size=(n_train, d))
    test = rng.normal(2.0 + shift, rng.uniform(0.5, 5, size=d), size=(n_test, d))
    for arr in (train, test):
        arr[rng.random(arr.shape) < 0.05] = np.nan
    names = [f"c{j:02d}" for j in range(k)]
    train_cat = [names[j] for j in rng.integers(0, k, size=n_train)]
    test_cat = [names[j] if j < k else f"unseen{j}" for j in rng.integers(0, k + 2, size=n_test)]
    # Independent: per-column Python statistics.
    cols = []
    for j in range(d):
        observed = [v for v in train[:, j].tolist() if v == v]
        med = statistics.median(observed)
        filled = [med if v != v else v for v in train[:, j].tolist()]
        mu = sum(filled) / len(filled)
        sd = (sum((v - mu) ** 2 for v in filled) / len(filled)) ** 0.5
        cols.append((med, mu, sd))
    cats = sorted(set(train_cat))

    def tr(num, cat):
        rows = []
        for row, c in zip(num.tolist(), cat, strict=True):
            scaled = [((med if v != v else v) - mu) / sd for v, (med, mu, sd) in zip(row, cols, strict=True)]
            rows.append(scaled + [1.0 if c == q else 0.0 for q in cats])
        return np.array(rows)

    return {
        "args": [train, train_cat, test, test_cat],
        "kwargs": {},
        "expected": [tr(train, train_cat), tr(test, test_cat)],
    }
