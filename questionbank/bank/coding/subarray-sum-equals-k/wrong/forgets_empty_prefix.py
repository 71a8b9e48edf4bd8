def count_windows(changes, target):
    # Starts the dict empty, so windows that begin on the first day are never counted.
    seen = {}
    total = count = 0
    for x in changes:
        total += x
        count += seen.get(total - target, 0)
        seen[total] = seen.get(total, 0) + 1
    return count
