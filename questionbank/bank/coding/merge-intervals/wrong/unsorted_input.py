def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    # Assumes the input is already sorted by start.
    for start, end in intervals:
        if merged and start <= merged[-1][1] and end >= merged[-1][0]:
            merged[-1][0] = min(merged[-1][0], start)
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
