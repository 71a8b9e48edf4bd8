"""Build the numpy-only package directory the sandbox puts on candidate code's ``sys.path``.

    python -m scoring.judge.build_sandbox_site [DEST]     # default: $MOCKLOOP_SANDBOX_SITE or <project>/.sandbox/site

It installs exactly the numpy version this virtualenv has, with this virtualenv's pip, into a fresh directory,
then swaps it into place, so a half-built directory is never used. Nothing else goes in: the sandbox must not
be able to import (or read) Django, the settings or any other package of the worker.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from scoring.judge.sandbox_common import SITE_MARKER, site_dir


def build(dest: Path, *, numpy_version: str | None = None, quiet: bool = True) -> Path:
    version = numpy_version or metadata.version("numpy")
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
               "--no-deps", "--only-binary=:all:", "--target", str(staging), f"numpy=={version}"]  # fmt: skip
        if quiet:
            cmd.append("--quiet")
        subprocess.run(cmd, check=True)
        shutil.rmtree(staging / "bin", ignore_errors=True)  # f2py and numpy-config: no use inside the box
        info = {"python": f"{sys.version_info.major}.{sys.version_info.minor}", "numpy": version}
        (staging / SITE_MARKER).write_text(json.dumps(info) + "\n")
        # World-readable: the sandbox reads it as uid 65534 when the worker is not root.
        for root, dirs, files in os.walk(staging):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in files:
                path = os.path.join(root, name)
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)
        os.chmod(staging, 0o755)
        # The directory being replaced may be bind-mounted in a prestarted sandbox right now: keep it, under
        # another name, until the next build (which removes the ones it finds).
        for previous in dest.parent.glob(f".{dest.name}-old-*"):
            shutil.rmtree(previous, ignore_errors=True)
        if dest.exists():
            dest.rename(dest.with_name(f".{dest.name}-old-{os.getpid()}"))
        staging.rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", nargs="?", type=Path, default=None, help="target directory")
    parser.add_argument("--numpy", default=None, help="numpy version (default: the one installed here)")
    args = parser.parse_args(argv)
    dest = build(args.dest or site_dir(), numpy_version=args.numpy)
    print(f"sandbox site ready: {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
