"""Page latency under concurrency: 20 logged-in users browsing through gunicorn on this machine.

    python bench/pages_bench.py [--users 20] [--seconds 20] [--workers 4]

A throwaway database (SQLite, or DATABASE_URL's server with a `_pages` suffix) with the whole bank, each user
with a few finished rounds; gunicorn with production settings (DEBUG off) on a loopback port; one client
thread per user requesting the dashboard, the round list, a round's results and a round page in turn. Prints
p50/p95/p99 per page and overall. The client shares the machine's two cores with the server, so the figures
are pessimistic.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0,
        help="pause between a user's requests (0: a closed loop, saturation)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mockloop-pages-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "MOCKLOOP_VAR_DIR": str(work / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if not os.environ.get("REDIS_URL"):
        env.pop("REDIS_URL", None)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_pages"
        base, name = env["DATABASE_URL"].rsplit("/", 1)
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'pages.sqlite3'}"
    os.environ.update(env)
    server: subprocess.Popen[bytes] | None = None
    try:
        cookies, paths = prepare(args.users)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for_port(port)
        return measure(port, cookies, paths, args)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


def prepare(users: int) -> tuple[list[str], list[dict[str, str]]]:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from interviews.services import answer_save, practice_start, session_submit
    from questionbank.importing import bank_load

    call_command("migrate", verbosity=0)
    bank_load()
    cookies, paths = [], []
    for n in range(users):
        user = User.objects.create_user(f"user{n}", password="x")
        finished = None
        for kind in ("ml_breadth", "behavioural", "ml_system_design"):
            session = practice_start(candidate=user, round_kind=kind)
            for item in session.items.all()[:2]:
                answer_save(session=session, item=item, text="A considered answer. " * 40)
            session_submit(session=session)
            finished = session
        assert finished
        open_round = practice_start(candidate=user, round_kind="ml_breadth")
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
        paths.append(
            {
                "dashboard": "/dashboard/",
                "round list": "/sessions/",
                "results": f"/sessions/{finished.pk}/results/",
                "round page": f"/sessions/{open_round.pk}/",
            }
        )
    return cookies, paths


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def measure(port: int, cookies: list[str], paths: list[dict[str, str]], args: argparse.Namespace) -> int:
    samples: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    window: dict[str, float] = {}

    def start_clock() -> None:
        window["stop_at"] = time.monotonic() + args.seconds

    warmed = threading.Barrier(len(cookies), action=start_clock)

    def browse(cookie: str, pages: dict[str, str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": cookie, "Host": "127.0.0.1"}
        # Warm-up, not measured: each gunicorn worker's first requests load templates and URL patterns.
        for path in pages.values():
            conn.request("GET", path, headers=headers)
            conn.getresponse().read()
        warmed.wait()  # the clock starts when every user is warm
        while time.monotonic() < window["stop_at"]:
            for name, path in pages.items():
                started = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if response.status != 200:
                        errors.append(f"{path}: {response.status}")
                    samples[name].append(elapsed)
                if args.think_ms:
                    time.sleep(args.think_ms / 1000)

    threads = [threading.Thread(target=browse, args=(c, p)) for c, p in zip(cookies, paths, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [v for values in samples.values() for v in values]
    print(f"{args.users} users for {args.seconds:.0f} s against gunicorn ({args.workers} workers, DEBUG off, "
          f"{os.environ['DATABASE_URL'].split(':')[0]}, think time {args.think_ms:.0f} ms), "
          f"{os.cpu_count()} cores shared with the client")  # fmt: skip
    print(f"{'page':12} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in [*samples.items(), ("all", every)]:
        print(f"{name:12} {len(values):9d} {statistics.median(values):8.1f} {percentile(values, 95):8.1f} "
              f"{percentile(values, 99):8.1f}")  # fmt: skip
    print(f"throughput: {len(every) / args.seconds:.0f} requests/s; errors: {len(errors)} {errors[:3]}")
    print(f"target p95 < 100 ms: {'met' if percentile(every, 95) < 100 else 'NOT met'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
