def lru_cache_run(capacity: int, ops: list[list]) -> list[int]:
    """Run ["get", key] / ["put", key, value] operations on an LRU cache of the given capacity.

    Returns the result of every get (the value, or -1 when missing), in order.
    """
    results = []
    # your code here
    return results
