import numpy as np


def generate(seed, n, rate, levels=None):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < rate).astype(np.int64)
    s = rng.normal(size=n) + 1.5 * y
    if levels:
        s = np.round(s * levels / 6) / levels
    # Independent formula: sweep distinct thresholds from high to low with plain Python counters.
    pairs = sorted(zip(s.tolist(), y.tolist(), strict=True), key=lambda p: -p[0])
    n_pos = int(y.sum())
    ap, tp, k, i = 0.0, 0, 0, 0
    while i < len(pairs):
        j, new_tp = i, 0
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            new_tp += pairs[j][1]
            j += 1
        k += j - i
        tp += new_tp
        ap += (tp / k) * (new_tp / n_pos)
        i = j
    return {"args": [y, s], "kwargs": {}, "expected": ap}
