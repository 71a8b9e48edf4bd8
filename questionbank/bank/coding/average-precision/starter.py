import numpy as np


def average_precision(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Average precision of a ranking by score: the sum over thresholds of precision x recall gained."""
    ap = 0.0
    # your code here
    return ap
