from collections import Counter


def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    # most_common breaks ties by first appearance in the input, not alphabetically.
    return [tok for tok, _ in Counter(tokens).most_common(k)]
