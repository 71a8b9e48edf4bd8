import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def generate(seed, n=4, c_in=3, c_out=8, h=16, w=16, kh=3, kw=3, stride=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, c_in, h, w))
    k = rng.normal(size=(c_out, c_in, kh, kw))
    bias = rng.normal(size=c_out)
    # im2col route: all windows, then one tensor contraction
    win = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]  # (n, c_in, Ho, Wo, kh, kw)
    out = np.tensordot(win, k, axes=([1, 4, 5], [1, 2, 3]))  # (n, Ho, Wo, c_out)
    out = out.transpose(0, 3, 1, 2) + bias[None, :, None, None]
    return {"args": [x, k, bias], "kwargs": {"stride": stride}, "expected": out}
