from collections import OrderedDict


def lru_cache_run(capacity: int, ops: list[list]) -> list[int]:
    cache: OrderedDict[int, int] = OrderedDict()
    results = []
    for op in ops:
        if op[0] == "get":
            if op[1] in cache:
                cache.move_to_end(op[1])
                results.append(cache[op[1]])
            else:
                results.append(-1)
        else:
            _, key, value = op
            if key in cache:
                cache.move_to_end(key)
            elif len(cache) >= capacity:
                # popitem() defaults to last=True: evicts the most recently used key.
                cache.popitem()
            cache[key] = value
    return results
