# Looks for the host's files and the worker's Python packages; none may be readable or importable.
import importlib
import json
import os
from typing import Any

report: dict[str, Any] = {"files": {}, "imports": {}, "root_entries": sorted(os.listdir("/"))}
for path in [
    "/etc/passwd",
    "/etc/shadow",
    "/etc/hostname",
    "/root/.bashrc",
    "/root/.pyenv/version",
    "/work/main/config/settings.py",
    "/work/main/manage.py",
    "/work/main/.env",
    "/work/main/.venv/pyvenv.cfg",
    "/home",
    "/var/run/postgresql/.s.PGSQL.5432",
    "/run/redis",
    "/sys/kernel",
]:
    try:
        if os.path.isdir(path):
            report["files"][path] = "dir: " + ",".join(os.listdir(path))
        else:
            with open(path, "rb") as f:
                report["files"][path] = f.read(200).decode("latin-1")
    except OSError as exc:
        report["files"][path] = type(exc).__name__
for module in ["django", "celery", "redis", "psycopg", "config.settings", "scoring", "boto3", "pip", "numpy"]:
    try:
        importlib.import_module(module)
        report["imports"][module] = "imported"
    except ImportError as exc:
        report["imports"][module] = type(exc).__name__
print(json.dumps(report))
