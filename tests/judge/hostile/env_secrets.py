# Collects every environment it can read: its own, PID 1's, its parent's, any process's in /proc.
import json
import os
from typing import Any

found: dict[str, Any] = {"os.environ": dict(os.environ)}
for pid in ["self", "1", str(os.getppid())] + [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            found[f"/proc/{pid}/environ"] = f.read().decode("latin-1")
    except OSError as exc:
        found[f"/proc/{pid}/environ"] = type(exc).__name__
print(json.dumps(found))
