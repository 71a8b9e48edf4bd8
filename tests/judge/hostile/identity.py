# Who the program is: ids, groups, capabilities and uid/gid maps; then it waits a little so the test can look
# at it from the host.
import json
import os
import time

report = {
    "uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "groups": os.getgroups(),
    "pid": os.getpid(), "ppid": os.getppid(), "hostname": os.uname().nodename,
}  # fmt: skip
for name in ("uid_map", "gid_map"):
    with open(f"/proc/self/{name}") as f:
        report[name] = " ".join(f.read().split())
with open("/proc/self/status") as f:
    report["caps"] = {k: v.strip() for k, _, v in (ln.partition(":") for ln in f) if k.startswith("Cap")}
print(json.dumps(report), flush=True)
time.sleep(float(input() or 0))
