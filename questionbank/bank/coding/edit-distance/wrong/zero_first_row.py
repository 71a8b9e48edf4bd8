def edit_distance(reference, hypothesis):
    # Initialises the first row and column with zeros: a prefix of the hypothesis becomes free to insert.
    prev = [0] * (len(hypothesis) + 1)
    for ca in reference:
        cur = [0] * (len(hypothesis) + 1)
        for j, cb in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]
