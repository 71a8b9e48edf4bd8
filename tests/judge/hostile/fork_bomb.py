# Every process forks forever and then spins. The tasks limit must contain it; the run ends (RE or TLE) and
# nothing of it may survive the run.
import contextlib
import os

while True:
    with contextlib.suppress(OSError):
        os.fork()
