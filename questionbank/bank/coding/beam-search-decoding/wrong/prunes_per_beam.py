def beam_search(log_probs, beam_width, eos):
    # Keeps the top tokens of each beam separately (beam_width per beam) and then takes the first beam_width
    # in beam order, instead of ranking all candidates together.
    steps, _, vocab = log_probs.shape
    beams, finished = [(0.0, [])], []
    for t in range(steps):
        cands = []
        for s, seq in beams:
            row = log_probs[t, seq[-1] if seq else 0]
            mine = sorted(
                ((s + float(row[tok]), [*seq, tok]) for tok in range(vocab)), key=lambda c: (-c[0], c[1])
            )
            cands += mine[:beam_width]
        cands = cands[:beam_width]
        beams = [c for c in cands if c[1][-1] != eos]
        finished += [c for c in cands if c[1][-1] == eos]
        if not beams:
            break
    finished += beams
    finished.sort(key=lambda c: (-c[0], c[1]))
    return [seq for _, seq in finished[:beam_width]]
