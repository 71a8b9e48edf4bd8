import numpy as np


def preprocess(train_num, train_cat, test_num, test_cat):
    # Imputes with the mean instead of the median.
    train_num, test_num = np.asarray(train_num, float), np.asarray(test_num, float)
    fill = np.nanmean(train_num, axis=0)
    fill = np.where(np.isnan(fill), 0.0, fill)
    filled = np.where(np.isnan(train_num), fill, train_num)
    mean, std = filled.mean(axis=0), filled.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    cats = sorted(set(train_cat))

    def tr(num, cat):
        x = (np.where(np.isnan(num), fill, num) - mean) / std
        oh = np.array([[1.0 if c == k else 0.0 for k in cats] for c in cat]).reshape(len(cat), len(cats))
        return np.hstack([x, oh])

    return tr(train_num, train_cat), tr(test_num, test_cat)
