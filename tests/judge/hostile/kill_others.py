# Sends SIGKILL to every process it may signal, to its parent and to PID 1, then reports it is still here.
import json
import os
import signal
from typing import Any

report: dict[str, Any] = {"ppid": os.getppid()}
for name, pid in (("all", -1), ("parent", os.getppid()), ("pid1", 1)):
    try:
        os.kill(pid, signal.SIGKILL)
        report[name] = "sent"
    except OSError as exc:
        report[name] = type(exc).__name__
report["alive"] = True
print(json.dumps(report))
