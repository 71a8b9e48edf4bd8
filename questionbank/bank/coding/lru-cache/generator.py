import numpy as np


class _Node:
    __slots__ = ("key", "next", "prev", "value")

    def __init__(self, key=None, value=None):
        self.key, self.value, self.prev, self.next = key, value, None, None


def _simulate(capacity, ops):
    """Independent implementation: dict + doubly linked list with sentinels."""
    head, tail = _Node(), _Node()  # head.next is the least recently used
    head.next, tail.prev = tail, head
    nodes = {}

    def unlink(nd):
        nd.prev.next, nd.next.prev = nd.next, nd.prev

    def push_back(nd):
        nd.prev, nd.next = tail.prev, tail
        tail.prev.next = nd
        tail.prev = nd

    out = []
    for op in ops:
        if op[0] == "get":
            nd = nodes.get(op[1])
            if nd is None:
                out.append(-1)
            else:
                unlink(nd)
                push_back(nd)
                out.append(nd.value)
        else:
            key, value = op[1], op[2]
            nd = nodes.get(key)
            if nd is not None:
                nd.value = value
                unlink(nd)
            else:
                if len(nodes) >= capacity:
                    lru = head.next
                    unlink(lru)
                    del nodes[lru.key]
                nd = _Node(key, value)
                nodes[key] = nd
            push_back(nd)
    return out


def generate(seed, n_ops=100000, capacity=2000, n_keys=5000, get_rate=0.6, uniform=False):
    rng = np.random.default_rng(seed)
    if uniform:
        # every key equally likely: the cache stays full and most keys sit deep in the recency order
        keys = (rng.integers(0, n_keys, size=n_ops) + 1).tolist()
    else:
        # skewed key popularity so that refreshing hot keys matters
        keys = np.minimum(rng.zipf(1.3, size=n_ops), n_keys).tolist()
    is_get = (rng.random(n_ops) < get_rate).tolist()
    values = rng.integers(0, 10**6, size=n_ops).tolist()
    ops = [["get", k] if g else ["put", k, v] for k, g, v in zip(keys, is_get, values, strict=True)]
    return {"args": [capacity, ops], "kwargs": {}, "expected": _simulate(capacity, ops)}
