import numpy as np


def _best_split(X, y, k):
    # Brute force: every midpoint of every feature, class counts by a mask product (independent of any sorting scan).
    n = len(y)
    onehot = (y[:, None] == np.arange(k)).astype(float)
    cands = []
    for f in range(X.shape[1]):
        vals = np.unique(X[:, f])
        if len(vals) < 2:
            continue
        thr = (vals[:-1] + vals[1:]) / 2
        mask = (X[:, f][None, :] <= thr[:, None]).astype(float)
        L = mask @ onehot
        R = onehot.sum(0) - L
        nl, nr = L.sum(1), R.sum(1)
        gini_l = 1 - ((L / nl[:, None]) ** 2).sum(1)
        gini_r = 1 - ((R / nr[:, None]) ** 2).sum(1)
        imp = (nl * gini_l + nr * gini_r) / n
        cands += [(float(imp[j]), f, float(thr[j])) for j in range(len(thr))]
    if not cands:
        return None
    m = min(c[0] for c in cands)
    return next(c for c in cands if c[0] <= m + 1e-9)


def _grow(X, y, k, depth, max_depth, min_split):
    counts = np.bincount(y, minlength=k)
    leaf = ("leaf", int(np.argmax(counts)))
    if counts.max() == len(y) or len(y) < min_split or (max_depth is not None and depth >= max_depth):
        return leaf
    s = _best_split(X, y, k)
    if s is None:
        return leaf
    _, f, thr = s
    m = X[:, f] <= thr
    return (
        "split",
        f,
        thr,
        _grow(X[m], y[m], k, depth + 1, max_depth, min_split),
        _grow(X[~m], y[~m], k, depth + 1, max_depth, min_split),
    )


def _predict(node, x):
    while node[0] == "split":
        node = node[3] if x[node[1]] <= node[2] else node[4]
    return node[1]


def generate(seed, n, d, k, n_test, max_depth=None, min_samples_split=2, integer=False):
    rng = np.random.default_rng(seed)
    if integer:
        # Few distinct values: many equal values and tied splits; the test rows sit between them.
        X = rng.integers(0, 8, size=(n, d)).astype(float)
        T = rng.integers(-1, 17, size=(n_test, d)) / 2.0
    else:
        X = np.round(rng.normal(size=(n, d)), 2)
        T = np.round(rng.normal(size=(n_test, d)), 3)
    score = X[:, 0] + 0.8 * X[:, 1] * (X[:, 2] > np.median(X[:, 2])) + rng.normal(0, 0.7, size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, k + 1)[1:-1])).astype(np.int64)
    tree = _grow(X, y, k, 0, max_depth, min_samples_split)
    expected = np.array([_predict(tree, t) for t in T], dtype=np.int64)
    return {
        "args": [X, y, T],
        "kwargs": {"max_depth": max_depth, "min_samples_split": min_samples_split},
        "expected": expected,
    }
