import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve; tied scores count one half. NaN if only one class is present."""
    # your code here
    return 0.5
