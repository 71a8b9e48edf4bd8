def edit_distance(reference: str, hypothesis: str) -> int:
    # Row-by-row dynamic programme: prev[j] is the distance between the first i-1 characters of the reference
    # and the first j of the hypothesis. O(n * m) time, O(m) memory.
    prev = list(range(len(hypothesis) + 1))
    for i, ca in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, cb in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]
