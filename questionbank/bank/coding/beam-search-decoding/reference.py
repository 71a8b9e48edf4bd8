import numpy as np


def beam_search(log_probs: np.ndarray, beam_width: int, eos: int) -> list[list[int]]:
    # log_probs[t, prev, tok] is log P(tok | previous token prev) at step t (prev = eos before the first step is
    # not special: step 0 uses row prev = 0 by convention, see the statement). Keep the best `beam_width`
    # unfinished prefixes; a prefix ending in eos is finished and stops growing.
    steps, _, vocab = log_probs.shape
    beams = [(0.0, [])]  # (score, tokens), unfinished
    finished = []
    for t in range(steps):
        candidates = []
        for score, seq in beams:
            prev = seq[-1] if seq else 0
            row = log_probs[t, prev]
            for tok in range(vocab):
                candidates.append((score + float(row[tok]), [*seq, tok]))
        # Highest score first; ties by the lexicographically smaller sequence.
        candidates.sort(key=lambda c: (-c[0], c[1]))
        beams = []
        for score, seq in candidates[:beam_width]:
            (finished if seq[-1] == eos else beams).append((score, seq))
        if not beams:
            break
    finished.extend(beams)  # prefixes that ran out of steps count as finished
    finished.sort(key=lambda c: (-c[0], c[1]))
    return [seq for _, seq in finished[:beam_width]]
