def beam_search(log_probs, beam_width, eos):
    # Never retires sequences that emitted eos: they keep growing and collecting more log-probability.
    steps, _, vocab = log_probs.shape
    beams = [(0.0, [])]
    for t in range(steps):
        cands = [
            (s + float(log_probs[t, seq[-1] if seq else 0, tok]), [*seq, tok])
            for s, seq in beams
            for tok in range(vocab)
        ]
        cands.sort(key=lambda c: (-c[0], c[1]))
        beams = cands[:beam_width]
    return [seq for _, seq in beams]
