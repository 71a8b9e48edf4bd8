import numpy as np


def regression_metrics(y_true, y_pred):
    # Keeps zero actuals in MAPE: a division by zero gives inf (or nan) instead of leaving them out.
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    err = y_pred - y_true
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    ss_res = np.sum(err**2)
    r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
    with np.errstate(divide="ignore", invalid="ignore"):
        mape = float(np.mean(np.abs(err / y_true)) * 100)
    return {
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "r2": float(r2),
        "mape": mape,
    }
