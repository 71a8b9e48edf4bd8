import numpy as np


def cross_entropy_from_logits(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean over the batch of -log softmax(logits[i])[labels[i]], computed stably."""
    # your code here
    return 0.0
