def kth_largest_stream(k: int, scores: list[int]) -> list[int | None]:
    """After each score, the k-th largest score so far (None while fewer than k have arrived)."""
    out = []
    # your code here
    return out
