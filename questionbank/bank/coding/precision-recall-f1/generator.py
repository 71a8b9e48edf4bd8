import numpy as np


def generate(seed, n=10000, pos_rate=0.1, flip=0.2):
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < pos_rate).astype(np.int64)
    noise = rng.random(n) < flip
    y_pred = np.where(noise, 1 - y_true, y_true).astype(np.int64)
    tp = fp = fn = 0
    for t, p in zip(y_true.tolist(), y_pred.tolist(), strict=True):
        tp += t and p
        fp += (not t) and p
        fn += t and (not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"args": [y_true, y_pred], "kwargs": {}, "expected": [prec, rec, f1]}
