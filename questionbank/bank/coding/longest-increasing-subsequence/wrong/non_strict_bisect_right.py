from bisect import bisect_right


def longest_improving(scores):
    # bisect_right lets equal scores extend the subsequence: this counts non-decreasing runs.
    tails = []
    for x in scores:
        i = bisect_right(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)
