import warnings

import numpy as np


def preprocess(
    train_num: np.ndarray, train_cat: list[str], test_num: np.ndarray, test_cat: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    train_num = np.asarray(train_num, dtype=float)
    test_num = np.asarray(test_num, dtype=float)
    # Every statistic comes from the training rows only; the test rows are transformed with them.
    with warnings.catch_warnings():  # an all-missing column is handled just below
        warnings.simplefilter("ignore", RuntimeWarning)
        medians = np.nanmedian(train_num, axis=0)
    medians = np.where(np.isnan(medians), 0.0, medians)  # a column missing everywhere imputes 0

    def impute(x: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(x), medians, x)

    filled = impute(train_num)
    mean = filled.mean(axis=0)
    std = filled.std(axis=0)
    std = np.where(std == 0, 1.0, std)  # a constant column is centred, not divided by zero
    categories = sorted(set(train_cat))

    def transform(num: np.ndarray, cat: list[str]) -> np.ndarray:
        scaled = (impute(num) - mean) / std
        onehot = np.array([[1.0 if c == k else 0.0 for k in categories] for c in cat]).reshape(
            len(cat), len(categories)
        )
        return np.hstack([scaled, onehot])

    return transform(train_num, train_cat), transform(test_num, test_cat)
