def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size = n // k
    folds = []
    for i in range(k):
        start = i * size
        # The last fold absorbs the whole remainder, so fold sizes can differ by more than one.
        stop = n if i == k - 1 else start + size
        test = list(range(start, stop))
        train = [j for j in range(n) if j < start or j >= stop]
        folds.append([train, test])
    return folds
