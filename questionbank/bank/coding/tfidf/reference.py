import numpy as np


def tfidf(docs: list[list[str]]) -> np.ndarray:
    vocab = sorted({tok for doc in docs for tok in doc})
    col = {tok: j for j, tok in enumerate(vocab)}
    counts = np.zeros((len(docs), len(vocab)))
    for i, doc in enumerate(docs):
        for tok in doc:
            counts[i, col[tok]] += 1
    n = len(docs)
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n) / (1 + df)) + 1
    w = counts * idf
    norms = np.linalg.norm(w, axis=1, keepdims=True)
    # Empty documents have norm 0: leave their row at 0 instead of dividing by zero.
    return np.divide(w, norms, out=np.zeros_like(w), where=norms > 0)
