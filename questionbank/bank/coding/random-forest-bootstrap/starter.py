import numpy as np


def random_forest_predict(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    bootstrap_idx: np.ndarray,
    feature_subsets: np.ndarray,
    max_depth: int,
) -> np.ndarray:
    """Grow one Gini tree per bootstrap sample (node v of tree t splits only on feature_subsets[t, v]); majority vote."""
    predictions = np.zeros(len(X_test), dtype=np.int64)
    # your code here
    return predictions
