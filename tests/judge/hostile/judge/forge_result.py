# Forges the result records: an accepted verdict with a tiny time on the result channel, the supervisor's own
# "done" line on every descriptor it can reach (fd 4, /proc/<parent>/fd/4, stdout), and a wrong return value.
# Old design: the first record on fd 3 for a test won and carried its own status, value and times: it passed
# with times of its choosing (and its forged records carried any text into the report).
import json
import os


def total(xs):
    lie = {"t": "result", "i": 2, "status": "ok", "value": 6, "cpu_ms": 0.001, "verdict": "AC"}
    os.write(3, (json.dumps(lie) + "\n").encode())
    os.write(3, b'{"value": 6, "cpu_ms": 0.001}\n')
    forged = b"done 2 exit 0 - 1 1 1\nready 3\n"
    for target in (4, f"/proc/{os.getppid()}/fd/4", "/proc/1/fd/4", "/proc/2/fd/4"):
        try:
            fd = target if isinstance(target, int) else os.open(target, os.O_WRONLY)
            os.write(fd, forged)
        except OSError:
            pass
    print(forged.decode())
    os._exit(0)  # no real result at all
