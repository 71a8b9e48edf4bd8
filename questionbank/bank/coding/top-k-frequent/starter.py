def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    """The k most frequent tokens, by decreasing count, ties alphabetical."""
    result = []
    # your code here
    return result
