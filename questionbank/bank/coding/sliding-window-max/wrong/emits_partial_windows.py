from collections import deque


def sliding_window_max(nums: list[int], k: int) -> list[int]:
    window: deque[int] = deque()
    out = []
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        if window[0] <= i - k:
            window.popleft()
        # Emits a maximum from the first element on, including the k - 1 partial windows.
        out.append(nums[window[0]])
    return out
