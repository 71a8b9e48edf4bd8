import numpy as np


def generate(seed, n=100000, k=20000, low=-(10**4), high=10**4, trend=False):
    rng = np.random.default_rng(seed)
    vals = rng.integers(low, high, size=n)
    if trend:
        vals = np.sort(vals)[::-1]  # decreasing: the deque grows to k and must be trimmed from the front
    nums = vals.astype(np.int64)
    if k > n:
        expected = []
    else:
        windows = np.lib.stride_tricks.sliding_window_view(nums, k)
        # blockwise max keeps memory small for big windows
        expected = np.concatenate(
            [windows[i : i + 4096].max(axis=1) for i in range(0, len(windows), 4096)]
        ).tolist()
    return {"args": [nums.tolist(), k], "kwargs": {}, "expected": expected}
