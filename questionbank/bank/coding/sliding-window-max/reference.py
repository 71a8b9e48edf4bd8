from collections import deque


def sliding_window_max(nums: list[int], k: int) -> list[int]:
    window: deque[int] = deque()  # indices; their values strictly decrease front to back
    out = []
    for i, x in enumerate(nums):
        while window and nums[window[-1]] <= x:
            window.pop()
        window.append(i)
        if window[0] <= i - k:  # the front index has slid out of nums[i-k+1 : i+1]
            window.popleft()
        if i >= k - 1:
            out.append(nums[window[0]])
    return out
