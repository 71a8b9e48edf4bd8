import numpy as np


def preprocess(
    train_num: np.ndarray, train_cat: list[str], test_num: np.ndarray, test_cat: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Median-impute, standardise and one-hot encode, with every statistic fitted on the training rows."""
    train_out = np.zeros((len(train_cat), 0))
    test_out = np.zeros((len(test_cat), 0))
    # your code here
    return train_out, test_out
