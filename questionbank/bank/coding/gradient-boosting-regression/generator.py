import numpy as np


def _stump(X, r):
    # Every candidate at once through a mask product (no sorting, no prefix sums); first minimum within the tolerance.
    n, d = X.shape
    sses, feats, thrs, mls, mrs = [], [], [], [], []
    for j in range(d):
        vals = np.unique(X[:, j])
        if len(vals) < 2:
            continue
        thr = (vals[:-1] + vals[1:]) / 2
        M = (X[:, j][None, :] <= thr[:, None]).astype(float)  # candidates x rows: 1 where the row goes left
        nl = M.sum(1)
        nr = n - nl
        ml = (M @ r) / nl
        mr = ((1 - M) @ r) / nr
        # Squared deviations from each side's mean, expanded: sum r^2 - count * mean^2 on each side.
        sses.append(M @ r**2 - nl * ml**2 + (1 - M) @ r**2 - nr * mr**2)
        feats.append(np.full(len(thr), j))
        thrs.append(thr)
        mls.append(ml)
        mrs.append(mr)
    if not sses:
        return None
    sse = np.concatenate(sses)
    s = sse.min()
    t = np.flatnonzero(sse <= s + 1e-9 * (1 + abs(s)))[0]  # candidates are in (feature, threshold) order
    return (
        sse[t],
        int(np.concatenate(feats)[t]),
        np.concatenate(thrs)[t],
        np.concatenate(mls)[t],
        np.concatenate(mrs)[t],
    )


def generate(seed, n, d, n_test, n_rounds, learning_rate, integer=False):
    rng = np.random.default_rng(seed)
    if integer:
        X = rng.integers(0, 10, size=(n, d)).astype(float)
        T = rng.integers(-2, 22, size=(n_test, d)) / 2.0
    else:
        X = rng.uniform(-3, 3, size=(n, d))
        T = rng.uniform(-3.5, 3.5, size=(n_test, d))
    y = 5 + 2 * np.sin(X[:, 0]) + X[:, 1] * (X[:, 2] > 0) + rng.normal(0, 0.5, size=n)
    F, out = np.full(n, y.mean()), np.full(n_test, y.mean())
    for _ in range(n_rounds):
        r = y - F
        s = _stump(X, r)
        if s is None:
            F, out = F + learning_rate * r.mean(), out + learning_rate * r.mean()
            continue
        _, j, thr, vl, vr = s
        F = F + learning_rate * np.where(X[:, j] <= thr, vl, vr)
        out = out + learning_rate * np.where(T[:, j] <= thr, vl, vr)
    return {"args": [X, y, T, n_rounds, learning_rate], "expected": out}
