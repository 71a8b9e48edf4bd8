# Looks everywhere for a test input other than its own, and returns what it found in place of the answer.
# Old design: the harness process held every test's input (gc.get_objects() finds the job): it found them all.
import gc
import json
import os

KNOWN = [[1, 2, 3], [], [10, -4], [5], [100, 200, 300]]  # the sum-list fixture's inputs


def _others(xs):
    return [k for k in KNOWN if k != xs and k]  # (the empty list is everywhere)


def _search(xs):
    found: list[tuple[str, object]] = []
    mine = {id(k) for k in KNOWN} | {id(xs), id(KNOWN)}
    for obj in gc.get_objects():  # every live object of this process
        if isinstance(obj, list) and id(obj) not in mine and obj in _others(xs):
            found.append(("gc", obj))
    # As the worker encodes an input ("[10,-4]"); this module's own text has spaces after its commas.
    needles = [json.dumps(k, separators=(",", ":")).encode() for k in _others(xs)]
    for path in ("/proc/self/mem", f"/proc/{os.getppid()}/mem", "/proc/1/mem"):
        found += _search_memory(path, needles)
    for path in (f"/proc/{os.getppid()}/fd/0", "/proc/1/fd/0", "/dev/stdin"):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            data = os.read(fd, 1 << 16)
            os.close(fd)
            if data:
                found.append((path, data[:200].decode("utf-8", "replace")))
        except OSError:
            pass
    for folder in ("/sandbox", "/tmp", "/dev/shm"):
        try:
            for name in os.listdir(folder):
                if name.startswith("seen-") and name != f"seen-{os.getpid()}":
                    found.append((folder, open(os.path.join(folder, name)).read()))  # noqa: SIM115
        except OSError:
            pass
    return found


def _search_memory(path, needles):
    found = []
    try:
        with open(f"/proc/{os.getpid() if 'self' in path else path.split('/')[2]}/maps") as maps:
            regions = [line.split()[0] for line in maps if "rw" in line.split()[1]]
        with open(path, "rb") as mem:
            for region in regions:
                start, end = (int(x, 16) for x in region.split("-"))
                try:
                    mem.seek(start)
                    chunk = mem.read(min(end - start, 64 << 20))
                except (OSError, OverflowError, ValueError):
                    continue
                found += [(path, n.decode()) for n in needles if n in chunk]
    except OSError:
        pass
    return found


def total(xs):
    for folder in ("/tmp", "/dev/shm"):  # leave this input behind for the next test's process
        try:
            with open(os.path.join(folder, f"seen-{os.getpid()}"), "w") as f:
                f.write(json.dumps(xs))
        except OSError:
            pass
    found = _search(xs)
    if found:
        return {"leaked": repr(found)[:2000]}
    return sum(xs)
