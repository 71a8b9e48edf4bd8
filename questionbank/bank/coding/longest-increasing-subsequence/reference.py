from bisect import bisect_left


def longest_improving(scores: list[int]) -> int:
    # tails[k] is the smallest possible last score of a strictly increasing subsequence of length k + 1.
    # bisect_left keeps equal scores from extending a subsequence. O(n log n).
    tails: list[int] = []
    for x in scores:
        i = bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)
