def min_capacity(weights: list[int], days: int) -> int:
    """The smallest daily capacity that ships every parcel, in order, within `days` days."""
    capacity = 0
    # your code here
    return capacity
