def lru_cache_run(capacity: int, ops: list[list]) -> list[int]:
    # A list ordered by recency and a dict of values: right answers, but every refresh is a
    # list.remove, O(capacity) per operation.
    order: list[int] = []
    values: dict[int, int] = {}
    results = []
    for op in ops:
        if op[0] == "get":
            key = op[1]
            if key in values:
                order.remove(key)
                order.append(key)
                results.append(values[key])
            else:
                results.append(-1)
        else:
            _, key, value = op
            if key in values:
                order.remove(key)
            elif len(values) >= capacity:
                del values[order.pop(0)]
            order.append(key)
            values[key] = value
    return results
