import numpy as np


def generate(seed, n=4000, pos_rate=0.5, shift=0.8, decimals=2):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < pos_rate).astype(np.int64)
    s = np.round(rng.normal(size=n) + shift * y, decimals)  # rounding creates many ties
    sp, sn = s[y == 1], np.sort(s[y == 0])
    # for each positive: how many negatives score strictly lower, and how many the same
    below = np.searchsorted(sn, sp, side="left")
    equal = np.searchsorted(sn, sp, side="right") - below
    greater = int(below.sum())
    equal = int(equal.sum())
    auc = (greater + 0.5 * equal) / (len(sp) * len(sn))
    return {"args": [y, s], "kwargs": {}, "expected": float(auc)}
