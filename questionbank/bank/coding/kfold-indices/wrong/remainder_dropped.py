def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    size = n // k
    folds = []
    for i in range(k):
        # Every fold has n // k samples: the last n % k samples are never in a test fold.
        test = list(range(i * size, (i + 1) * size))
        train = [j for j in range(n) if j not in test]
        folds.append([train, test])
    return folds
