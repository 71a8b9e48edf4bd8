"""The local-insecure backend (laptops without bubblewrap): limits, empty environment, temp dir, group kill."""

from __future__ import annotations

import os
import uuid

import pytest

from scoring.judge.sandbox_local import LocalInsecureBackend
from scoring.judge.sandbox_types import Limits, Status


@pytest.fixture(scope="module")
def local() -> LocalInsecureBackend:
    backend = LocalInsecureBackend()
    assert backend.problem() is None, backend.problem()
    return backend


def test_it_says_it_is_insecure(local):
    assert (local.name, local.secure) == ("local-insecure", False)


def test_numpy_stdin_and_channel(local):
    result = local.run_python(
        files={"main.py": b"import os, sys, numpy as np\nprint(np.arange(4).sum(), sys.stdin.read())\n"
                          b"os.write(3, b'chan')\n"},
        main="main.py",
        stdin=b"in",
    )  # fmt: skip
    assert (result.status, result.stdout, result.channel) == (Status.OK, b"6 in\n", b"chan")


def test_environment_is_empty_but_for_the_basics(local, monkeypatch):
    monkeypatch.setenv("MOCKLOOP_FAKE_SECRET", "hunter2")
    result = local.run_python(files={"main.py": b"import os\nprint(sorted(os.environ))\n"}, main="main.py")
    assert b"MOCKLOOP_FAKE_SECRET" not in result.stdout
    assert b"hunter2" not in result.stdout


def test_worker_packages_are_not_importable(local):
    result = local.run_python(files={"main.py": b"import django\n"}, main="main.py")
    assert result.status == Status.RE
    assert b"ModuleNotFoundError" in result.stderr


def test_limits_apply(local):
    loop = local.run_python(files={"main.py": b"while True:\n    pass\n"}, main="main.py",
                            limits=Limits(cpu_seconds=1))  # fmt: skip
    assert loop.status == Status.TLE
    sleep = local.run_python(files={"main.py": b"import time\ntime.sleep(60)\n"}, main="main.py",
                             limits=Limits(wall_seconds=0.5))  # fmt: skip
    assert sleep.status == Status.TLE and "wall" in sleep.message
    bomb = local.run_python(files={"main.py": b"x = []\nwhile True:\n    x.append(bytearray(10 << 20))\n"},
                            main="main.py", limits=Limits(memory_mb=128))  # fmt: skip
    assert bomb.status == Status.MLE
    out = local.run_python(files={"main.py": b"while True:\n    print('x' * 1000)\n"}, main="main.py",
                           limits=Limits(output_bytes=10_000))  # fmt: skip
    assert (out.status, len(out.stdout)) == (Status.OLE, 10_000)


def test_its_work_dir_is_removed_and_its_group_killed(local):
    marker = f"insecure_{uuid.uuid4().hex}"
    result = local.run_python(
        files={"main.py": b"import os, subprocess, sys\nprint(os.getcwd())\n"
                          b"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', sys.argv[0]])\n",
               "marker.txt": marker.encode()},
        main="main.py",
    )  # fmt: skip
    assert result.status == Status.OK, result.stderr
    workdir = result.stdout.decode().strip()
    assert not os.path.exists(workdir)
    leftovers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if workdir.encode() in f.read():
                        leftovers.append(entry)
            except OSError:
                pass
    assert leftovers == []
