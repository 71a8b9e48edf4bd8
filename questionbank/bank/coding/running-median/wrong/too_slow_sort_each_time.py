def running_median(latencies):
    # Sorts the whole history after each arrival: O(n^2 log n).
    seen, out = [], []
    for x in latencies:
        seen.append(x)
        s = sorted(seen)
        m = len(s) // 2
        out.append(float(s[m]) if len(s) % 2 else (s[m - 1] + s[m]) / 2)
    return out
