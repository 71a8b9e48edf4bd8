# Leaves a daemon behind: double fork, new session, and a fresh interpreter that sleeps for a minute with a
# marker (from stdin) in its command line. The program waits a moment, so the daemon is up, and returns; the
# daemon must not outlive the run.
import os
import sys
import time

marker = sys.stdin.read().strip()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", marker])
    os._exit(0)
os.wait()
time.sleep(0.5)
print("parent leaves")
