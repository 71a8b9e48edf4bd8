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
            if key not in cache and len(cache) >= capacity:
                cache.popitem(last=False)
            # Updating an existing key keeps its old position: a put does not refresh it.
            cache[key] = value
    return results
