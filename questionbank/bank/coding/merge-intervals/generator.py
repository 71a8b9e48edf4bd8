import numpy as np


def generate(seed, n=50000, span=1000000, max_len=60):
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, span, size=n)
    ends = starts + rng.integers(0, max_len, size=n)
    intervals = [[int(s), int(e)] for s, e in zip(starts, ends, strict=True)]
    # Coverage by a boundary sweep over closed integer intervals: +1 at s, -1 at e + 1.
    # At equal positions the -1 comes first, so [1, 2] and [3, 4] stay apart.
    events = sorted([(e + 1, -1) for _, e in intervals] + [(s, 1) for s, _ in intervals])
    out, depth, cur = [], 0, None
    for pos, step in events:
        if step == 1 and depth == 0:
            cur = pos
        depth += step
        if step == -1 and depth == 0:
            out.append([cur, pos - 1])
    return {"args": [intervals], "kwargs": {}, "expected": out}
