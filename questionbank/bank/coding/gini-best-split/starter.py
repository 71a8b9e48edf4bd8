import numpy as np


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int, float, float]:
    """Best (feature, threshold, weighted Gini) split; rows with X[:, feature] <= threshold go left.

    Thresholds are midpoints between consecutive distinct values. Ties: smallest feature, then
    smallest threshold. No possible split: (-1, nan, gini of y).
    """
    # your code here
    return -1, float("nan"), 0.0
