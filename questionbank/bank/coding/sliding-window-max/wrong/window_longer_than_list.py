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
        if i >= k - 1:
            out.append(nums[window[0]])
    # "No window yet" is treated like a partial window: returns the maximum of the short list.
    if nums and not out:
        out.append(max(nums))
    return out
