import numpy as np


def regression_metrics(y_true, y_pred):
    # Uses the squared correlation, which ignores bias and scale errors and is never negative.
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    err = y_pred - y_true
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.corrcoef(y_true, y_pred)[0, 1] if len(y_true) > 1 else 1.0
    r2 = float(r**2) if np.isfinite(r) else 1.0
    nz = y_true != 0
    mape = float(np.mean(np.abs(err[nz] / y_true[nz])) * 100) if nz.any() else None
    return {
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "r2": r2,
        "mape": mape,
    }
