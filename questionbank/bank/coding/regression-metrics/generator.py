import math

import numpy as np


def generate(seed, n, offset=0.0):
    rng = np.random.default_rng(seed)
    y = np.maximum(rng.poisson(3.0, size=n).astype(float), 0) + offset
    p = y + rng.normal(0, 1.5, size=n)
    yl, pl = y.tolist(), p.tolist()
    # Independent of the reference: plain Python sums.
    mae = math.fsum(abs(b - a) for a, b in zip(yl, pl, strict=True)) / n
    mse = math.fsum((b - a) ** 2 for a, b in zip(yl, pl, strict=True)) / n
    mean = math.fsum(yl) / n
    ss_tot = math.fsum((a - mean) ** 2 for a in yl)
    r2 = 1 - mse * n / ss_tot
    pct = [abs(b - a) / abs(a) for a, b in zip(yl, pl, strict=True) if a != 0]
    mape = 100 * math.fsum(pct) / len(pct)
    return {
        "args": [y, p],
        "kwargs": {},
        "expected": {"mae": mae, "rmse": math.sqrt(mse), "r2": r2, "mape": mape},
    }
