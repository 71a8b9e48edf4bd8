def weighted_sample(weights: list[float], k: int, u: list[float]) -> list[int]:
    """Indices of a weighted sample of k items without replacement (Efraimidis-Spirakis keys)."""
    chosen = []
    # your code here
    return chosen
