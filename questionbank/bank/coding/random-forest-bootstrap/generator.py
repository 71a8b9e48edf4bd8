import numpy as np


def _best_split(X, y, k, features):
    # Brute force over every midpoint of every allowed feature, counts by a mask product.
    n = len(y)
    onehot = (y[:, None] == np.arange(k)).astype(float)
    cands = []
    for f in sorted(set(int(f) for f in features)):
        vals = np.unique(X[:, f])
        if len(vals) < 2:
            continue
        thr = (vals[:-1] + vals[1:]) / 2
        mask = (X[:, f][None, :] <= thr[:, None]).astype(float)
        L = mask @ onehot
        R = onehot.sum(0) - L
        nl, nr = L.sum(1), R.sum(1)
        imp = (nl * (1 - ((L / nl[:, None]) ** 2).sum(1)) + nr * (1 - ((R / nr[:, None]) ** 2).sum(1))) / n
        cands += [(float(imp[j]), f, float(thr[j])) for j in range(len(thr))]
    if not cands:
        return None
    m = min(c[0] for c in cands)
    return next(c for c in cands if c[0] <= m + 1e-9)


def _grow(X, y, k, subsets, node, depth, max_depth):
    counts = np.bincount(y, minlength=k)
    leaf = ("leaf", int(np.argmax(counts)))
    if counts.max() == len(y) or depth >= max_depth:
        return leaf
    s = _best_split(X, y, k, subsets[node])
    if s is None:
        return leaf
    _, f, thr = s
    m = X[:, f] <= thr
    return (
        "split",
        f,
        thr,
        _grow(X[m], y[m], k, subsets, 2 * node + 1, depth + 1, max_depth),
        _grow(X[~m], y[~m], k, subsets, 2 * node + 2, depth + 1, max_depth),
    )


def _predict(node, x):
    while node[0] == "split":
        node = node[3] if x[node[1]] <= node[2] else node[4]
    return node[1]


def generate(seed, n, d, k, n_test, n_trees, m, max_depth, integer=False):
    rng = np.random.default_rng(seed)
    if integer:
        X = rng.integers(0, 6, size=(n, d)).astype(float)
        T = rng.integers(-1, 13, size=(n_test, d)) / 2.0
    else:
        X = np.round(rng.normal(size=(n, d)), 2)
        T = np.round(rng.normal(size=(n_test, d)), 3)
    score = X[:, 0] - X[:, 1] + 0.7 * X[:, 2] * X[:, 3] + rng.normal(0, 0.8, size=n)
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, k + 1)[1:-1])).astype(np.int64)
    boot = rng.integers(0, n, size=(n_trees, n))
    n_nodes = 2**max_depth - 1
    subsets = np.argsort(rng.random((n_trees, n_nodes, d)), axis=2)[:, :, :m]  # m distinct features per node
    votes = np.zeros((n_test, k), dtype=np.int64)
    for t in range(n_trees):
        tree = _grow(X[boot[t]], y[boot[t]], k, subsets[t], 0, 0, max_depth)
        for i in range(n_test):
            votes[i, _predict(tree, T[i])] += 1
    expected = np.array(
        [max(range(k), key=lambda c: (votes[i, c], -c)) for i in range(n_test)], dtype=np.int64
    )
    return {"args": [X, y, T, boot, subsets.astype(np.int64), max_depth], "expected": expected}
