def shortest_paths(n: int, roads: list[list[int]], source: int) -> list[int]:
    """Smallest total travel time from source to every node; -1 where no route exists."""
    dist = [-1] * n
    # your code here
    return dist
