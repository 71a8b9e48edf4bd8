import numpy as np


def beam_search(log_probs: np.ndarray, beam_width: int, eos: int) -> list[list[int]]:
    """The best `beam_width` sequences found by beam search, best first."""
    result = []
    # your code here
    return result
