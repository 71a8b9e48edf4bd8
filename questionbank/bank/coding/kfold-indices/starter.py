def kfold_indices(n: int, k: int) -> list[list[list[int]]]:
    """Return [[train, test], ...] for k contiguous folds of range(n).

    The first n % k folds have n // k + 1 samples, the others n // k. Lists are sorted.
    """
    folds = []
    # your code here
    return folds
