def edit_distance(reference, hypothesis):
    # Allows only insertions and deletions, so a substitution costs two.
    prev = list(range(len(hypothesis) + 1))
    for i, ca in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, cb in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (0 if ca == cb else 2))
        prev = cur
    return prev[-1]
