# Forks a helper at import that does the work (1.5 s of CPU) while the test only waits for its answer.
# Old design: the module was imported once and the per-test limit timed the harness process only (ITIMER_PROF):
# the helper's CPU time counted for no test, every test passed in a few ms of "CPU".
import os

_r, _w = os.pipe()
if os.fork() == 0:
    n = 0
    for i in range(60_000_000):  # about 1.5 s of CPU
        n += i
    os.write(_w, b"ok")
    os._exit(0)


def total(xs):
    os.read(_r, 2)
    return sum(xs)
