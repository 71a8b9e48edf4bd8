def count_regions(mask: list[str]) -> int:
    """The number of 4-connected regions of '1' pixels."""
    regions = 0
    # your code here
    return regions
