import numpy as np


def beam_search(log_probs, beam_width, eos):
    # Greedy decoding: keeps one prefix whatever the beam width.
    seq, score = [], 0.0
    for t in range(log_probs.shape[0]):
        row = log_probs[t, seq[-1] if seq else 0]
        tok = int(np.argmax(row))
        seq.append(tok)
        score += float(row[tok])
        if tok == eos:
            break
    return [seq]
