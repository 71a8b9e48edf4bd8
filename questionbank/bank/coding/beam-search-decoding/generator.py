import heapq

import numpy as np


def generate(seed, steps, vocab, beam):
    rng = np.random.default_rng(seed)
    x = rng.gamma(0.3, size=(steps, vocab, vocab)) + 1e-3
    lp = np.log(x / x.sum(axis=2, keepdims=True))
    eos = int(rng.integers(0, vocab))
    # Independent formulation: heapq.nsmallest over (-score, seq) instead of a full sort.
    beams, finished = [(0.0, [])], []
    for t in range(steps):
        cands = (
            (s + float(lp[t, seq[-1] if seq else 0, tok]), [*seq, tok])
            for s, seq in beams
            for tok in range(vocab)
        )
        top = heapq.nsmallest(beam, cands, key=lambda c: (-c[0], c[1]))
        beams = [c for c in top if c[1][-1] != eos]
        finished += [c for c in top if c[1][-1] == eos]
        if not beams:
            break
    finished += beams
    best = heapq.nsmallest(beam, finished, key=lambda c: (-c[0], c[1]))
    return {"args": [lp, beam, eos], "kwargs": {}, "expected": [seq for _, seq in best]}
