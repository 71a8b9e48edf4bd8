import numpy as np


def decision_tree_predict(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    max_depth: int | None = None,
    min_samples_split: int = 2,
) -> np.ndarray:
    X = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train).astype(np.int64)
    T = np.asarray(X_test, dtype=float)
    k = int(y.max()) + 1
    onehot = np.eye(k)[y]
    pred = np.zeros(len(T), dtype=np.int64)

    def best_split(idx):
        n = len(idx)
        found = []  # (impurity, feature, threshold), the best of each feature
        for f in range(X.shape[1]):
            order = idx[np.argsort(X[idx, f], kind="stable")]
            xs = X[order, f]
            cum = np.cumsum(onehot[order], axis=0)  # class counts of the first i + 1 sorted rows
            left = cum[:-1]
            right = cum[-1] - left
            n_left = np.arange(1, n, dtype=float)
            n_right = n - n_left
            # n_side * G(side) = n_side - sum(counts^2) / n_side, so weighting by size is one expression.
            w = (n_left - (left**2).sum(1) / n_left + n_right - (right**2).sum(1) / n_right) / n
            valid = np.flatnonzero(xs[1:] > xs[:-1])  # only between distinct values
            if len(valid) == 0:
                continue
            wv = w[valid]
            i = valid[np.flatnonzero(wv <= wv.min() + 1e-9)[0]]
            found.append((w[i], f, (xs[i] + xs[i + 1]) / 2))
        if not found:
            return None
        m = min(c[0] for c in found)
        return next(c for c in found if c[0] <= m + 1e-9)  # features in ascending order

    # Grow and route the test rows in one pass; an explicit stack avoids deep recursion.
    stack = [(np.arange(len(y)), np.arange(len(T)), 0)]
    while stack:
        idx, tidx, depth = stack.pop()
        counts = np.bincount(y[idx], minlength=k)
        label = int(np.argmax(counts))  # first maximum: the smallest label wins a tie
        split = None
        if (
            counts.max() < len(idx)
            and len(idx) >= min_samples_split
            and (max_depth is None or depth < max_depth)
        ):
            split = best_split(idx)
        if split is None:
            pred[tidx] = label
            continue
        _, f, thr = split
        go_left, t_left = X[idx, f] <= thr, T[tidx, f] <= thr
        stack.append((idx[go_left], tidx[t_left], depth + 1))
        stack.append((idx[~go_left], tidx[~t_left], depth + 1))
    return pred
