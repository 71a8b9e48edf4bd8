def longest_improving(scores: list[int]) -> int:
    """Length of the longest strictly increasing subsequence of scores."""
    best = 0
    # your code here
    return best
