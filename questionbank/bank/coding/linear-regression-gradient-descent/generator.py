import numpy as np


def generate(seed, n=1000, d=5, lr=0.1, n_iters=500):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, size=(n, d))
    y = 3.0 + X @ rng.normal(0.0, 2.0, size=d) + rng.normal(0.0, 0.3, size=n)
    theta = np.zeros(d + 1)
    Xb = np.concatenate([np.ones((n, 1)), X], axis=1)  # bias as a column of ones: same update
    for _ in range(n_iters):
        theta = theta - lr * (Xb.T @ (Xb @ theta - y)) / n
    return {"args": [X, y], "kwargs": {"lr": lr, "n_iters": n_iters}, "expected": theta}
