def count_windows(changes, target):
    # Two pointers only work when every value is positive; negative changes break the shrinking rule.
    count = total = left = 0
    for right, x in enumerate(changes):
        total += x
        while total > target and left <= right:
            total -= changes[left]
            left += 1
        if total == target:
            count += 1
    return count
