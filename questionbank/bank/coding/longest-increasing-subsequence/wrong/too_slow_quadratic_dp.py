def longest_improving(scores):
    # The classic O(n^2) dynamic programme: correct, too slow for 100,000 scores.
    best = [1] * len(scores)
    for i in range(len(scores)):
        for j in range(i):
            if scores[j] < scores[i] and best[j] + 1 > best[i]:
                best[i] = best[j] + 1
    return max(best, default=0)
