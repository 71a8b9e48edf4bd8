"""Measured figures of the real-process tests: printed (see them with `pytest -s`) and, when
MOCKLOOP_FIGURES names a file, appended to it as JSON lines for `bench/recovery_bench.py`."""

from __future__ import annotations

import json
import os


def record_figure(name: str, **values: object) -> None:
    print(f"\n[figure] {name}: " + ", ".join(f"{key}={value}" for key, value in values.items()))
    path = os.environ.get("MOCKLOOP_FIGURES")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps({"name": name, **values}) + "\n")
