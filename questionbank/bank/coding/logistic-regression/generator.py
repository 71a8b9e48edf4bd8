import numpy as np


def generate(seed, n_train=400, n_test=200, d=2, sep=2.5, offset=0.0, pos_rate=0.5):
    """Two Gaussian classes; expected is the true test labels (graded by accuracy)."""
    rng = np.random.default_rng(seed)
    direction = rng.normal(size=d)
    direction /= np.linalg.norm(direction)
    shift = offset * direction  # offset along the class axis: the boundary misses the origin

    def sample(m):
        y = (rng.random(m) < pos_rate).astype(np.int64)
        X = rng.normal(size=(m, d)) + shift + np.outer(y - 0.5, direction) * sep
        return X, y

    X_train, y_train = sample(n_train)
    X_test, y_test = sample(n_test)
    return {"args": [X_train, y_train, X_test], "kwargs": {}, "expected": y_test}
