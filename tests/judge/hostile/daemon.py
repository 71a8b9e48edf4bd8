# Leaves a daemon behind: double fork, new session, and a fresh interpreter that sleeps for a minute with a
# marker (from stdin) in its command line. The program waits until the daemon says it is up (a file in the
# work dir; a fresh interpreter can take a while on a loaded machine), then returns; the daemon must not
# outlive the run.
import os
import sys
import time

marker = sys.stdin.read().strip()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        up = "import pathlib, time; pathlib.Path('daemon-up').touch(); time.sleep(60)"
        os.execv(sys.executable, [sys.executable, "-c", up, marker])
    os._exit(0)
os.wait()
deadline = time.monotonic() + 8
while not os.path.exists("daemon-up") and time.monotonic() < deadline:
    time.sleep(0.01)
time.sleep(0.2)  # long enough for the test's process watcher to see it
print("parent leaves")
