from collections import Counter


def top_k_frequent(tokens: list[str], k: int) -> list[str]:
    counts = Counter(tokens)
    # reverse=True on (count, token) also reverses the alphabetical tie order.
    return [t for t, _ in sorted(counts.items(), key=lambda tc: (tc[1], tc[0]), reverse=True)[:k]]
