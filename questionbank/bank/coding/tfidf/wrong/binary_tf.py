import math

import numpy as np


def tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab = sorted({tok for doc in docs for tok in doc})
    n = len(docs)
    df = {t: sum(1 for d in docs if t in d) for t in vocab}
    # tf as presence (0/1) instead of the raw count.
    w = np.array(
        [[(t in d) * (math.log((1 + n) / (1 + df[t])) + 1) for t in vocab] for d in docs], dtype=float
    ).reshape(n, len(vocab))
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    return np.divide(w, norms, out=np.zeros_like(w), where=norms > 0)
