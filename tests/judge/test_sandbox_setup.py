"""How the sandbox finds its pieces: the numpy-only site dir, the interpreter, cgroup delegation, and a worker
that is not root (as in the Docker image, uid 1000)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.judge import sandbox_cgroup, sandbox_common
from scoring.judge.sandbox_types import SANDBOX_UID

PROJECT = Path(__file__).resolve().parents[2]


def test_site_dir_default_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv(sandbox_common.SITE_ENV, raising=False)
    assert sandbox_common.site_dir() == PROJECT / ".sandbox" / "site"
    monkeypatch.setenv(sandbox_common.SITE_ENV, str(tmp_path))
    assert sandbox_common.site_dir() == tmp_path


def test_site_dir_holds_numpy_only():
    site = sandbox_common.site_dir()
    assert sandbox_common.site_problem(site) is None
    packages = {p.name.split("-")[0] for p in site.iterdir() if not p.name.startswith(".")}
    assert packages == {"numpy", "numpy.libs"}
    marker = json.loads((site / sandbox_common.SITE_MARKER).read_text())
    assert marker["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    # (made by `make sandbox`, i.e. build_sandbox_site) readable by uid 65534 too
    assert all(p.stat().st_mode & 0o004 for p in site.rglob("*") if p.name != ".built")


def test_site_dir_built_for_another_python_is_refused(tmp_path):
    (tmp_path / "numpy").mkdir()
    (tmp_path / "numpy" / "__init__.py").write_text("")
    (tmp_path / sandbox_common.SITE_MARKER).write_text('{"python": "3.9", "numpy": "1.0"}')
    assert "built for Python 3.9" in (sandbox_common.site_problem(tmp_path) or "")


def test_interpreter_is_the_base_one_not_the_virtualenv():
    interp = sandbox_common.Interpreter.current()
    assert interp.executable.startswith(os.path.realpath(sys.base_prefix))
    assert not interp.executable.startswith(os.path.realpath(sys.prefix)) or sys.prefix == sys.base_prefix
    assert os.path.isfile(os.path.join(interp.stdlib, "os.py"))


def test_cgroup_detection_explains_itself(monkeypatch, tmp_path):
    monkeypatch.delenv(sandbox_cgroup.CGROUP_ENV, raising=False)
    found = sandbox_cgroup.CgroupParent.find()
    assert found.usable or found.reason  # either way it says what it found
    monkeypatch.setenv(sandbox_cgroup.CGROUP_ENV, str(tmp_path))
    refused = sandbox_cgroup.CgroupParent.find()
    assert not refused.usable
    assert "is not a cgroup v2 directory" in refused.describe()


DEBIAN_PYTHON = "/usr/bin/python3.11"


def _world_readable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o005 == 0o005 for p in [path, *path.parents])


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed (CI has it)")
@pytest.mark.skipif(
    os.geteuid() != 0, reason="this test switches to another uid; the worker here is not root"
)
@pytest.mark.skipif(not os.path.exists(DEBIAN_PYTHON), reason=f"needs {DEBIAN_PYTHON}, world-readable")
@pytest.mark.skipif(not _world_readable(PROJECT), reason="uid 65534 cannot read the checkout here")
def test_non_root_worker(tmp_path):
    # A worker that is not root takes the other path: bwrap maps the worker's uid to 65534 itself. This
    # machine's interpreter lives under /root, which uid 65534 cannot enter, so the worker here is Debian's
    # Python 3.11 (same ABI, so the same numpy dir serves) running as 65534.
    script = (
        "import json, sys\n"
        "from scoring.judge.sandbox_bwrap import BwrapBackend\n"
        "b = BwrapBackend()\n"
        "r = b.run_python(files={'m.py': sys.stdin.buffer.read()}, main='m.py')\n"
        "print(json.dumps({'problem': b.problem(), 'status': r.status, 'out': r.stdout.decode(),\n"
        "                  'err': r.stderr.decode(), 'memory_kb': r.memory_kb}))\n"
    )
    program = (
        b"import os, json, numpy as np\n"
        b"print(json.dumps([os.getuid(), open('/proc/self/uid_map').read().split(), float(np.ones(3).sum())]))\n"
    )
    done = subprocess.run(
        [DEBIAN_PYTHON, "-B", "-c", script],
        input=program,
        capture_output=True,
        env={"PYTHONPATH": str(PROJECT), sandbox_common.SITE_ENV: str(sandbox_common.site_dir())},
        cwd="/",
        user=SANDBOX_UID,
        group=SANDBOX_UID,
        extra_groups=[],
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["problem"] is None
    assert result["status"] == "OK", result["err"]
    uid, uid_map, total = json.loads(result["out"])
    assert uid == SANDBOX_UID
    assert uid_map == [str(SANDBOX_UID), "0", "1"]  # 65534 inside is the worker's uid outside
    assert total == 3.0
