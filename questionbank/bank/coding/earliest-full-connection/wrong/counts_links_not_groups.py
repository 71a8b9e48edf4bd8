def earliest_connected(n, logs):
    # Assumes n - 1 links always connect n machines, ignoring links inside one group.
    logs = sorted(logs)
    if n == 1:
        return 0
    if len(logs) < n - 1:
        return -1
    return logs[n - 2][0]
