def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    base, extra = divmod(n, k)
    folds = []
    start = 0
    for i in range(k):
        stop = start + base + (1 if i < extra else 0)
        test = list(range(start, stop))
        train = list(range(0, start)) + list(range(stop, n))
        # Pairs come out as [test, train] instead of [train, test].
        folds.append([test, train])
        start = stop
    return folds
