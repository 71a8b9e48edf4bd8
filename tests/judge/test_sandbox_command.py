"""``manage.py sandbox_run FILE``: one program in the configured sandbox, one JSON object out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from scoring.judge.sandbox import get_backend

PROJECT = Path(__file__).resolve().parents[2]
KEYS = {"status", "exit_code", "stdout", "stderr", "time_ms", "wall_ms", "memory_kb"}


def run_command(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("sandbox_run", *args, stdout=out)
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_forwards_its_own_stdin_and_prints_one_json_object(tmp_path):
    program = tmp_path / "shout.py"
    program.write_text("import sys, numpy as np\nprint(sys.stdin.read().upper(), np.arange(3).sum())\n")
    done = subprocess.run(
        [sys.executable, "manage.py", "sandbox_run", str(program)],
        input=b"hello",
        capture_output=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert set(result) >= KEYS
    assert (result["status"], result["exit_code"], result["stdout"]) == ("OK", 0, "HELLO 3\n")
    assert result["backend"] == get_backend("auto").name


def test_stdin_file_and_limits(tmp_path):
    program = tmp_path / "loop.py"
    program.write_text("import sys\nprint(sys.stdin.read(), flush=True)\nwhile True:\n    pass\n")
    stdin = tmp_path / "in.txt"
    stdin.write_text("from a file")
    result = run_command(str(program), "--stdin", str(stdin), "--time-limit", "1")
    assert result["status"] == "TLE"
    assert result["stdout"] == "from a file\n"
    assert 500 <= result["time_ms"] < 3000

    bomb = tmp_path / "bomb.py"
    bomb.write_text("x = []\nwhile True:\n    x.append(bytearray(8 << 20))\n")
    result = run_command(str(bomb), "--stdin", str(stdin), "--memory-mb", "96")
    assert result["status"] == "MLE"
