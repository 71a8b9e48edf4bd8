def edit_distance(reference: str, hypothesis: str) -> int:
    """The fewest single-character insertions, deletions and substitutions turning one string into the other."""
    distance = 0
    # your code here
    return distance
