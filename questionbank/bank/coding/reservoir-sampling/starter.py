def reservoir_sample(stream: list[int], k: int, u: list[float]) -> list[int]:
    """A uniform sample of k items from the stream (Algorithm R), driven by the draws u."""
    reservoir = []
    # your code here
    return reservoir
