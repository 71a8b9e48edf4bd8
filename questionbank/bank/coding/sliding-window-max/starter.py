def sliding_window_max(nums: list[int], k: int) -> list[int]:
    """Maximum of each window nums[i:i+k], for i = 0 .. n-k. Aim for O(n)."""
    result = []
    # your code here
    return result
