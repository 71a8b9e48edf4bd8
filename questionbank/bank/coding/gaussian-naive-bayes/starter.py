import numpy as np


def gaussian_nb_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, var_smoothing: float = 1e-9
) -> np.ndarray:
    """Gaussian naive Bayes: class priors n_c / n, per-class feature means and population
    variances (+ var_smoothing). Predict the argmax of the log posterior; ties -> smallest label."""
    # your code here
    return np.zeros(len(X_test), dtype=int)
