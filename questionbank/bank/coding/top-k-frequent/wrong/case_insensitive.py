from collections import Counter


def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    # Lower-cases the tokens: "The" and "the" are counted together.
    counts = Counter(t.lower() for t in tokens)
    return [t for t, _ in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:k]]
