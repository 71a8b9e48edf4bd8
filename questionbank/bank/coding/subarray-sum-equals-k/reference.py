def count_windows(changes: list[int], target: int) -> int:
    # A window (i, j] sums to target when prefix[j] - prefix[i] == target: count earlier prefixes in a dict.
    seen = {0: 1}  # the empty prefix, so windows starting at day 0 count
    total = count = 0
    for x in changes:
        total += x
        count += seen.get(total - target, 0)
        seen[total] = seen.get(total, 0) + 1
    return count
