import heapq
from collections import Counter


def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    counts = Counter(tokens)
    # nsmallest on (-count, token): highest count first, then alphabetical. O(m log k).
    return [tok for _, tok in heapq.nsmallest(k, ((-c, t) for t, c in counts.items()))]
