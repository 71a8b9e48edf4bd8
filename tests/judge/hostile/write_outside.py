# Tries to create or modify files everywhere but the work dir; every attempt must fail.
import json
import os

targets = [
    "/evil.txt",
    "/etc/evil.txt",
    "/usr/lib/evil.txt",
    "/root/evil.txt",
    "/opt/mockloop/site/numpy/evil.py",
    "/opt/mockloop/site/numpy/__init__.py",
    "/dev/evil",
    "/proc/sys/kernel/hostname",
    "/proc/sysrq-trigger",
    os.__file__,
    "/work/main/evil.txt",
    "/sys/evil",
]
report = {}
for path in targets:
    try:
        with open(path, "ab") as f:
            f.write(b"pwned")
        report[path] = "written"
    except OSError as exc:
        report[path] = type(exc).__name__
for path in ("/", "/usr", "/opt/mockloop", "/root"):
    try:
        os.mkdir(os.path.join(path, "evil-dir"))
        report["mkdir " + path] = "created"
    except OSError as exc:
        report["mkdir " + path] = type(exc).__name__
print(json.dumps(report))
