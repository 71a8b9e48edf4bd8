import numpy as np


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    # Flips the kernel: a true convolution, not the cross-correlation deep learning means.
    w = np.asarray(w, dtype=float)[:, :, ::-1, ::-1]
    n, _, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    h_out = (h - kh) // stride + 1
    w_out = (wd - kw) // stride + 1
    out = np.zeros((n, c_out, h_out, w_out))
    for p in range(kh):
        for q in range(kw):
            patch = x[:, :, p : p + stride * h_out : stride, q : q + stride * w_out : stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, p, q])
    return out + np.asarray(b, dtype=float).reshape(1, -1, 1, 1)
