import math

import numpy as np


def tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab = sorted({tok for doc in docs for tok in doc})
    n = len(docs)
    df = {t: sum(1 for d in docs if t in d) for t in vocab}
    w = np.array([[d.count(t) * (math.log((1 + n) / (1 + df[t])) + 1) for t in vocab] for d in docs])
    w = w.reshape(n, len(vocab))
    # Normalises each term column instead of each document row (axis mix-up).
    norms = np.linalg.norm(w, axis=0, keepdims=True)
    norms[norms == 0] = 1.0
    return w / norms
