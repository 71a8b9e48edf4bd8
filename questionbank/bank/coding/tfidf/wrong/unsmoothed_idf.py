import math

import numpy as np


def tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab = sorted({tok for doc in docs for tok in doc})
    n = len(docs)
    df = {t: sum(1 for d in docs if t in d) for t in vocab}
    # The textbook idf ln(N / df): a term in every document gets weight 0.
    w = np.array([[d.count(t) * math.log(n / df[t]) for t in vocab] for d in docs]).reshape(n, len(vocab))
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    return np.divide(w, norms, out=np.zeros_like(w), where=norms > 0)
