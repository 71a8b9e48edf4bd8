import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    # Sizes the matrix from the labels present, ignoring n_classes: classes that never
    # appear (and the empty input) shrink it.
    m = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    cm = np.zeros((m, m), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
