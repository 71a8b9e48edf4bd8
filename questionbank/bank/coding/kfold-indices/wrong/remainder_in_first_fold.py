def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    base, extra = divmod(n, k)
    folds = []
    start = 0
    for i in range(k):
        # The whole remainder goes to the first fold: sizes differ by up to k - 1.
        stop = start + base + (extra if i == 0 else 0)
        test = list(range(start, stop))
        train = list(range(0, start)) + list(range(stop, n))
        folds.append([train, test])
        start = stop
    return folds
