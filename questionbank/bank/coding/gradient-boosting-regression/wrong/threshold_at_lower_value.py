import numpy as np


def gradient_boosting_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, n_rounds: int, learning_rate: float
) -> np.ndarray:
    # Puts the threshold at the lower of the two values instead of the midpoint.
    X = np.asarray(X_train, dtype=float)
    y = np.asarray(y_train, dtype=float)
    T = np.asarray(X_test, dtype=float)
    n, d = X.shape
    orders = [np.argsort(X[:, j], kind="stable") for j in range(d)]  # X never changes: sort once
    f0 = y.mean()
    F = np.full(n, f0)
    out = np.full(len(T), f0)
    n_left = np.arange(1, n, dtype=float)
    for _ in range(n_rounds):
        r = y - F  # the negative gradient of 1/2 (y - F)^2
        total, sq = r.sum(), (r**2).sum()
        best = None  # (sse, feature, threshold, left value, right value)
        for j in range(d):
            xs = X[orders[j], j]
            valid = np.flatnonzero(xs[1:] > xs[:-1])
            if len(valid) == 0:
                continue
            s_left = np.cumsum(r[orders[j]])[:-1]
            s_right = total - s_left
            # SSE of a side with its mean as the value: sum r^2 - (sum r)^2 / count.
            sse = sq - s_left**2 / n_left - s_right**2 / (n - n_left)
            sv = sse[valid]
            i = valid[np.flatnonzero(sv <= sv.min() + 1e-9 * (1 + abs(sv.min())))[0]]
            cand = (sse[i], j, xs[i], s_left[i] / n_left[i], s_right[i] / (n - n_left[i]))
            if best is None or cand[0] < best[0] - 1e-9 * (1 + abs(best[0])):
                best = cand
        if best is None:  # every feature constant: the stump is one leaf
            step_train, step_test = np.full(n, r.mean()), np.full(len(T), r.mean())
        else:
            _, j, thr, v_left, v_right = best
            step_train = np.where(X[:, j] <= thr, v_left, v_right)
            step_test = np.where(T[:, j] <= thr, v_left, v_right)
        F += learning_rate * step_train
        out += learning_rate * step_test
    return out
