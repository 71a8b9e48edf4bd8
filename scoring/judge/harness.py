"""The per-test supervisor that runs INSIDE the sandbox (``docs/judge.md``, "Per-test runs").

Self-contained on purpose: the box has the standard library and numpy, nothing of ours, so this file carries
its own copy of the value encoder (kept in step with ``codec.py`` by ``tests/judge/test_codec.py``).

It is the sandbox's program, started with numpy already imported (the sandbox's init imported it while it
waited for the job). It reads ``job.json`` (the module to call, the function, the per-test limits; never a test
input), then for each test:

1. wipes the work dir and ``/dev/shm`` (nothing of one test reaches the next), says ``ready K`` on fd 4;
2. forks the test's process. Only that process reads stdin, where the worker writes test K's input once
   every process of test K-1 is dead (at ``done K-1``): this process never holds any test's input, so no
   test's process (a fork of it) can find another test's input in its memory;
3. watches the test's processes (all of them: this process is their subreaper) every few milliseconds: the
   CPU time of every process, and memory as the sum of their anonymous and shared resident pages plus what the
   tmpfs dirs hold; kills them all at the CPU, wall or memory limit;
4. kills and reaps whatever is left, adds up the CPU time of every process reaped (``wait4``), and reports
   ``done K EXITKIND CODE KILLED CPU_US WALL_US PEAK_KB`` on fd 4.

fd 4 is written only here: the test's process closes it first thing, and this process is not dumpable, so its
descriptors cannot be reopened through ``/proc``. The test's process writes its return value (or the error it
raised) as one JSON line on fd 3 and its prints on stdout/stderr; the worker treats all of that as untrusted
bytes, never as a verdict, an error status or a time.

The job, each test's input and output, and the report are in ``docs/judge.md`` ("Per-test runs").
"""

import json
import math
import os
import sys

TYPE_CHECKING = False  # (mypy reads it as True; the box never imports typing for it)
if TYPE_CHECKING:
    from types import CodeType
    from typing import Any, NoReturn

_CHANNEL_FD = 3
_REPORT_FD = 4
_BAD_FRAME = 86  # exit status of a test's process whose input was not its own (never reaches candidate code)
_MAX_DEPTH = 64
_ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
_ALLOWED_DTYPES |= {"float16", "float32", "float64", "str"}


_EXACT = {bool, str, int}


class _TooLarge(Exception):
    pass


class _BadValue(Exception):
    pass


# ---- values: decode the inputs, encode the output (mirror of codec.py) ---------------------------------


def _np() -> "Any":
    import numpy

    return numpy


def _decode(v: "Any") -> "Any":
    if isinstance(v, list):
        return [_decode(x) if isinstance(x, (list, dict)) else x for x in v]  # no call per number
    if isinstance(v, dict):
        if "$ndarray" in v:
            np = _np()
            dtype = str if v["dtype"] == "str" else v["dtype"]
            try:
                arr = np.array(v["$ndarray"], dtype=dtype)
            except (TypeError, ValueError):
                arr = np.array(_untag(v["$ndarray"]), dtype=dtype)
            if "shape" in v:
                arr = arr.reshape(v["shape"])
            return arr
        if "$float" in v:
            return float(v["$float"])
        return {k: _decode(x) for k, x in v.items()}
    return v


def _untag(v: "Any") -> "Any":
    if isinstance(v, list):
        return [_untag(x) for x in v]
    if isinstance(v, dict):
        return float(v["$float"])
    return v


def _float_tag(x: float) -> "Any":
    if x != x:
        return {"$float": "nan"}
    if x in (math.inf, -math.inf):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def _tag_nonfinite(v: "Any") -> "Any":
    if isinstance(v, list):
        return [_tag_nonfinite(x) for x in v]
    if isinstance(v, float):
        return _float_tag(v)
    return v


def _encode(value: "Any", budget: int) -> "Any":
    """Python value -> tagged JSON-able value; ``budget`` caps the number of scalars (raises _TooLarge)."""
    return _Encoder(budget).enc(value, 0)


class _Encoder:
    def __init__(self, budget: int) -> None:
        self.np = sys.modules.get("numpy")
        self.budget = budget
        self.count = 0

    def enc(self, v: "Any", depth: int) -> "Any":
        if depth > _MAX_DEPTH:
            raise _BadValue(f"the return value is nested deeper than {_MAX_DEPTH} levels")
        self.count += 1
        if self.count > self.budget:
            raise _TooLarge()
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            return _float_tag(float(v))
        if isinstance(v, (list, tuple, dict)):
            if self.count + len(v) > self.budget:  # refuse a huge list at once, not after encoding most of it
                raise _TooLarge()
            if (
                type(v) in (list, tuple)
                and depth < _MAX_DEPTH
                and all(x is None or type(x) in _EXACT for x in v)
            ):
                self.count += len(v)  # None, bools, ints and strings: each is its own encoding (no call each)
                return list(v)
            return self.container(v, depth)
        if self.np is not None:
            return self.numpy_value(v)
        raise _BadValue(f"values of type {type(v).__name__} are not supported")

    def container(self, v: "list[Any] | tuple[Any, ...] | dict[Any, Any]", depth: int) -> "Any":
        if not isinstance(v, dict):
            return [self.enc(x, depth + 1) for x in v]
        out = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise _BadValue(f"dict keys must be strings, got {type(k).__name__}")
            out[str(k)] = self.enc(x, depth + 1)
        return out

    def numpy_value(self, v: "Any") -> "Any":
        np = self.np
        assert np is not None
        if isinstance(v, np.ndarray):
            return self.array(v)
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return _float_tag(float(v))
        if isinstance(v, np.str_):
            return str(v)
        raise _BadValue(f"values of type {type(v).__name__} are not supported")

    def array(self, v: "Any") -> "dict[str, Any]":
        kind = v.dtype.kind
        name = "str" if kind == "U" else v.dtype.name
        if kind not in "biufU" or name not in _ALLOWED_DTYPES:
            raise _BadValue(f"arrays of dtype {v.dtype} are not supported")
        self.count += v.size
        if self.count > self.budget:
            raise _TooLarge()
        data = v.tolist()
        assert self.np is not None
        if kind == "f" and not bool(self.np.isfinite(v).all()):
            data = _tag_nonfinite(data)
        out: dict[str, Any] = {"$ndarray": data, "dtype": name}
        if v.size == 0 and v.ndim > 1:
            out["shape"] = list(v.shape)
        return out


# ---- the test's process --------------------------------------------------------------------------------


def _read_exact(n: int) -> "bytes | None":
    parts = []
    while n > 0:
        chunk = os.read(0, min(n, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def _read_frame(k: int) -> "bytes | None":
    header = b""
    while not header.endswith(b"\n"):
        byte = os.read(0, 1)
        if not byte or len(header) > 40:
            return None
        header += byte
    words = header.split()
    if len(words) != 2 or words[0] != b"%d" % k or not words[1].isdigit():
        return None
    return _read_exact(int(words[1]))


def _error_info(exc: BaseException, filename: str, at: str) -> "dict[str, str]":
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception's message could not be printed>"
    if len(message) > 1000:
        message = message[:1000] + "..."
    tb_text = ""
    try:
        import traceback

        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
        tb_text = "".join(traceback.format_list(frames[-6:]))[:3000]
    except BaseException:
        pass
    return {"type": type(exc).__name__, "message": message, "tb": tb_text, "at": at}


def _send(record: "dict[str, Any]", value_json: "str | None" = None) -> None:
    text = json.dumps(record, separators=(",", ":"), allow_nan=False)
    if value_json is not None:
        text = text[:-1] + (',"value":' if len(record) else '"value":') + value_json + "}"
    data = text.encode("utf-8", "replace") + b"\n"
    view = memoryview(data)
    while view:
        view = view[os.write(_CHANNEL_FD, view) :]


def _finish(record: "dict[str, Any]", value_json: "str | None" = None, code: int = 1) -> "NoReturn":
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - the box imports as little as it can
            stream.flush()
        except BaseException:
            pass
    try:
        _send(record, value_json)
    finally:
        os._exit(code)


def _inputs_digest(args: "Any", kwargs: "Any", nodes: int) -> str:
    import hashlib

    try:
        text = json.dumps([_encode(args, nodes), _encode(kwargs, nodes)], separators=(",", ":"))
    except BaseException as exc:  # an input the function replaced by something unreadable
        return "unreadable " + type(exc).__name__
    return hashlib.sha256(text.encode()).hexdigest()


def _test_process(k: int, job: "dict[str, Any]", source: str, code: "CodeType | None", path: str) -> None:
    import _signal  # type: ignore[import-not-found]  # no stub; signal would import enum

    _signal.pthread_sigmask(_signal.SIG_UNBLOCK, {_signal.SIGCHLD})
    os.close(_REPORT_FD)
    if not job.get("boxed"):
        os.setpgid(0, 0)  # the local backend kills a test's processes by group
    import resource

    cpu = max(1, math.ceil(float(job["cpu_s"])))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu + 1, cpu + 2))  # a backstop: the supervisor kills first
    args, kwargs, seed = _read_input(k)
    nodes = int(job["value_nodes"])
    before = _inputs_digest(args, kwargs, nodes) if job.get("check_inputs") else None
    if seed is not None:
        import random

        random.seed(seed)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed(seed)
    fn = _load_function(job, source, code, path)
    try:
        value = fn(*args, **kwargs)
    except MemoryError:
        _finish({"error": {"type": "MemoryError", "message": "", "tb": "", "at": "call"}})
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included
        _finish({"error": _error_info(exc, path, "call")})
    text = _value_json(value, nodes, int(job["value_bytes"]))
    record = {}
    if before is not None:
        record["inputs_changed"] = _inputs_digest(args, kwargs, nodes) != before
    _finish(record, text, code=0)


def _read_input(k: int) -> "tuple[list[Any], dict[str, Any], Any]":
    """Test k's (args, kwargs, global seed) from stdin, which then holds nothing more."""
    frame = _read_frame(k)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)  # nothing more to read: the next input is written only after this process is gone
    os.close(null)
    if frame is None:
        os._exit(_BAD_FRAME)
    # Without a tag ("$ndarray", "$float") anywhere, decoding would rebuild the same lists and dicts: skip it (a
    # large input's decode counts against the test's CPU time). The worker's JSON never escapes "$".
    tagged = b'"$' in frame or b"\\u0024" in frame
    payload = json.loads(frame)
    del frame
    args, kwargs = payload.get("args") or [], payload.get("kwargs") or {}
    if tagged:
        args, kwargs = _decode(args), _decode(kwargs)
    return args, kwargs, payload.get("global_seed")


def _load_function(job: "dict[str, Any]", source: str, code: "CodeType | None", path: str) -> "Any":
    """Run the module (the candidate's, the checker's or the generator's) and return its function."""
    import linecache
    import types

    name = job["module"][:-3]
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    try:
        if code is None:  # it did not compile: raise its SyntaxError here, in the test's process
            code = compile(source, path, "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except MemoryError:
        _finish({"error": {"type": "MemoryError", "message": "", "tb": "", "at": "import"}})
    except BaseException as exc:
        _finish({"error": _error_info(exc, path, "import")})
    fn = getattr(module, job["function"], None)
    if not callable(fn):
        message = f"{job['module']} does not define {job['function']}()"
        _finish({"error": {"type": "", "message": message, "tb": "", "at": "import"}})
    return fn


def _value_json(value: "Any", nodes: int, max_bytes: int) -> str:
    """The return value as tagged JSON text; a value that cannot be sent ends the process with why."""
    try:
        text = json.dumps(_encode(value, nodes), separators=(",", ":"), allow_nan=False)
    except _TooLarge:
        _finish({"too_large": "return value"})
    except _BadValue as exc:
        _finish({"bad_value": str(exc)[:500]})
    except MemoryError:
        _finish({"error": {"type": "MemoryError", "message": "", "tb": "", "at": "call"}})
    except BaseException as exc:  # e.g. an int too long to print, or a list subclass that fails to iterate
        _finish({"bad_value": f"{type(exc).__name__}: {str(exc)[:300]}"})
    if len(text) > max_bytes:
        _finish({"too_large": "return value"})
    return text


# ---- the supervisor ------------------------------------------------------------------------------------


def _prctl(option: int, value: int) -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(option, value, 0, 0, 0))


_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_TICKS = os.sysconf("SC_CLK_TCK")


def _wipe(folder: str) -> None:
    """Remove everything in ``folder`` (the test's processes are all dead; they had our uid)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                try:  # noqa: SIM105 - the box imports as little as it can
                    os.chmod(entry.path, 0o700)
                except OSError:
                    pass
                _wipe(entry.path)
                os.rmdir(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _scan(me: int) -> "tuple[float, int]":
    """(CPU seconds, memory KB) of the live processes of the box other than its init and this process."""
    cpu_ticks = 0
    memory_kb = 0
    for name in os.listdir("/proc"):
        if not name.isdigit() or name == "1" or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            cpu_ticks += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
            with open(f"/proc/{name}/status", "rb") as f:
                for line in f:
                    if line.startswith((b"RssAnon:", b"RssShmem:")):
                        memory_kb += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return cpu_ticks / _TICKS, memory_kb


def _tmpfs_kb(folders: "list[str]") -> int:
    total = 0
    for folder in folders:
        try:
            st = os.statvfs(folder)
        except OSError:
            continue
        total += (st.f_blocks - st.f_bfree) * st.f_frsize // 1024
    return total


def _reap_ready(acc: "list[float]", pid: int) -> "int | None":
    """Reap every child that has ended; returns the wait status of ``pid`` if it was among them."""
    status = None
    while True:
        try:
            p, st, ru = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return status
        if p == 0:
            return status
        acc[0] += ru.ru_utime + ru.ru_stime
        acc[1] = max(acc[1], ru.ru_maxrss)
        if p == pid:
            status = st


def _kill_all(acc: "list[float]", boxed: bool, group: int) -> None:
    import _signal

    for _ in range(500):
        try:
            if boxed:
                os.kill(-1, _signal.SIGKILL)  # every process of the box but its init and this one
            else:
                os.killpg(group, _signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        while True:
            try:
                p, _, ru = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if p == 0:
                break
            acc[0] += ru.ru_utime + ru.ru_stime
            acc[1] = max(acc[1], ru.ru_maxrss)
        _signal.sigtimedwait({_signal.SIGCHLD}, 0.01)


def _run_one(
    k: int, job: "dict[str, Any]", source: str, code: "CodeType | None", path: str, folders: "list[str]"
) -> None:
    import _signal
    import time

    boxed = bool(job.get("boxed"))
    cpu_limit = float(job["cpu_s"])
    memory_limit = int(job["memory_kb"])
    tick = float(job.get("tick_s", 0.005))
    started = time.monotonic()
    deadline = started + float(job["wall_s"])
    pid = os.fork()
    if pid == 0:
        try:
            _test_process(k, job, source, code, path)
        finally:
            os._exit(1)
    acc = [0.0, 0]  # CPU seconds and max RSS of the reaped processes
    peak_kb = 0
    killed = "-"
    me = os.getpid()
    status = None
    _signal.sigtimedwait({_signal.SIGCHLD}, 0.002)  # most tests end within a few ms: no scan for them
    while True:
        status = _reap_ready(acc, pid)
        if status is not None:
            break
        if boxed:
            live_cpu, memory_kb = _scan(me)
            memory_kb += _tmpfs_kb(folders)
            peak_kb = max(peak_kb, memory_kb)
            if memory_kb > memory_limit:
                killed = "memory"
                break
            if acc[0] + live_cpu > cpu_limit:
                killed = "cpu"
                break
        if time.monotonic() >= deadline:
            killed = "wall"
            break
        _signal.sigtimedwait({_signal.SIGCHLD}, tick)
    wall = time.monotonic() - started
    if status is None:
        try:  # noqa: SIM105 - the box imports as little as it can
            os.kill(pid, _signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status, ru = os.wait4(pid, 0)
        acc[0] += ru.ru_utime + ru.ru_stime
        acc[1] = max(acc[1], ru.ru_maxrss)
    _kill_all(acc, boxed, pid)
    if os.WIFSIGNALED(status):
        kind, number = "signal", os.WTERMSIG(status)
    else:
        kind, number = "exit", os.waitstatus_to_exitcode(status)
    peak_kb = max(peak_kb, int(acc[1]))
    line = f"done {k} {kind} {number} {killed} {int(acc[0] * 1e6)} {int(wall * 1e6)} {peak_kb}\n"
    os.write(_REPORT_FD, line.encode())


def main() -> None:
    import _signal

    with open("job.json", "rb") as f:
        job = json.loads(f.read())
    workdir = os.getcwd()
    path = os.path.join(workdir, job["module"])
    with open(path, encoding="utf-8") as f:
        source = f.read()
    folders = [workdir, "/dev/shm"] if job.get("boxed") else [workdir]
    # Not dumpable: a test's process (same uid) cannot open this process's descriptors or memory through /proc.
    # Subreaper: whatever a test's process leaves behind becomes this process's child, reaped and counted here.
    if job.get("boxed"):
        _prctl(_PR_SET_DUMPABLE, 0)
    _prctl(_PR_SET_CHILD_SUBREAPER, 1)
    _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGCHLD})
    sys.stdin = None
    # What every test's process imports, imported once here: a fork inherits it.
    import hashlib  # noqa: F401
    import linecache  # noqa: F401
    import random  # noqa: F401
    import resource  # noqa: F401
    import traceback  # noqa: F401
    import types  # noqa: F401

    # Compiled once here (compiling runs nothing); each test's process runs the code object.
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        code = None
    for k in range(int(job["count"])):
        for folder in folders:
            _wipe(folder)
        os.write(_REPORT_FD, b"ready %d\n" % k)
        _run_one(k, job, source, code, path, folders)
    os.write(_REPORT_FD, b"end\n")
    os._exit(0)


if __name__ == "__main__":
    main()
