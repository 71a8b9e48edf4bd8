from collections import OrderedDict


def lru_cache_run(capacity: int, ops: list[list]) -> list[int]:
    cache: OrderedDict[int, int] = OrderedDict()  # least recently used first
    results = []
    for op in ops:
        if op[0] == "get":
            key = op[1]
            if key in cache:
                cache.move_to_end(key)
                results.append(cache[key])
            else:
                results.append(-1)
        else:
            _, key, value = op
            if key in cache:
                cache.move_to_end(key)
            elif len(cache) >= capacity:
                cache.popitem(last=False)
            cache[key] = value
    return results
