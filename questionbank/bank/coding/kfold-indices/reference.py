def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    base, extra = divmod(n, k)
    folds = []
    start = 0
    for i in range(k):
        size = base + 1 if i < extra else base  # the remainder goes to the first folds
        stop = start + size
        test = list(range(start, stop))
        train = list(range(0, start)) + list(range(stop, n))
        folds.append([train, test])
        start = stop
    return folds
