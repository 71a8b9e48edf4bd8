"""The program that runs INSIDE the sandbox, next to the candidate's ``solution.py``.

Self-contained on purpose: the box has the standard library and numpy, nothing of ours, so this file carries
its own copy of the value encoder (kept in step with ``codec.py`` by ``tests/judge/test_codec.py``).
It never sees an expected value and never decides pass/fail: it calls the function on each test's inputs and
reports what came back. The grader, outside the box, treats everything reported here as untrusted.

Protocol. The job is JSON on stdin::

    {"mode": "grade", "function": "kmeans", "time_limit_s": 2.0, "wall_limit_s": 4.0,
     "value_bytes": 8388608, "value_nodes": 2000000, "out_chars": 2000, "output_bytes": 1048576,
     "channel_bytes": 16777216,
     "tests": [{"i": 0, "args": [...], "kwargs": {...}}, ...]}
    {"mode": "generate", "time_limit_s": 10.0, ..., "tests": [{"i": 0, "params": {...}}, ...]}

Records go to fd 3 as JSON lines (the candidate may print on stdout and stderr freely)::

    {"t": "ready", "ms": 41.2}                           the module imported and defines the function
    {"t": "import", "status": "error"|"tle"|"mle"|"missing", "error": {...}}   then the harness stops
    {"t": "start", "i": 3}                               before test 3 runs (names the culprit of a crash)
    {"t": "result", "i": 3, "status": "ok"|"error"|"tle"|"mle"|"ole"|"bad_value", "value": ...,
     "error": {"type", "message", "tb"}, "cpu_ms", "wall_ms", "rss_kb", "out": "<captured print output>"}
    {"t": "done"}

Per-test limits: CPU time through ``ITIMER_PROF`` and wall time through ``ITIMER_REAL``, both raising
``_Timeout`` (a BaseException, so ``except Exception`` in candidate code does not swallow it). Code that
swallows it anyway is stopped after a grace period: the harness reports TLE and exits, and the grader
relaunches it for the remaining tests.
"""

import json
import math
import os
import resource
import signal
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

_CHANNEL_FD = 3
_chan = _CHANNEL_FD
_sent = 0
_GRACE_FIRES = 8  # extra timer fires (every 0.25 s) tolerated before a swallowed timeout ends the process
_MAX_DEPTH = 64
_ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
_ALLOWED_DTYPES |= {"float16", "float32", "float64", "str"}


class _Timeout(BaseException):
    pass


class _OutputLimit(BaseException):
    pass


class _TooLarge(Exception):
    pass


class _BadValue(Exception):
    pass


# ---- the channel ---------------------------------------------------------------------------------------


def _emit_text(line):
    global _sent
    data = line.encode("utf-8", "replace") + b"\n"
    view = memoryview(data)
    while view:
        n = os.write(_chan, view)
        view = view[n:]
    _sent += len(data)


def _emit(record):
    _emit_text(json.dumps(record, separators=(",", ":"), allow_nan=False))


# ---- values: decode the inputs, encode the output (mirror of codec.py) ---------------------------------


def _np():
    import numpy

    return numpy


def _decode(v):
    if isinstance(v, list):
        return [_decode(x) for x in v]
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


def _untag(v):
    if isinstance(v, list):
        return [_untag(x) for x in v]
    if isinstance(v, dict):
        return float(v["$float"])
    return v


def _float_tag(x):
    if x != x:
        return {"$float": "nan"}
    if x in (math.inf, -math.inf):
        return {"$float": "inf" if x > 0 else "-inf"}
    return x


def _tag_nonfinite(v):
    if isinstance(v, list):
        return [_tag_nonfinite(x) for x in v]
    if isinstance(v, float):
        return _float_tag(v)
    return v


def _encode(value, budget):
    """Python value -> tagged JSON-able value; ``budget`` caps the number of scalars (raises _TooLarge)."""
    np = sys.modules.get("numpy")
    count = [0]

    def enc(v, depth):
        if depth > _MAX_DEPTH:
            raise _BadValue(f"the return value is nested deeper than {_MAX_DEPTH} levels")
        count[0] += 1
        if count[0] > budget:
            raise _TooLarge()
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int):
            return int(v)
        if isinstance(v, float):
            return _float_tag(float(v))
        if isinstance(v, (list, tuple)):
            if count[0] + len(v) > budget:  # refuse a huge list at once, not after encoding most of it
                raise _TooLarge()
            return [enc(x, depth + 1) for x in v]
        if isinstance(v, dict):
            if count[0] + len(v) > budget:
                raise _TooLarge()
            out = {}
            for k, x in v.items():
                if not isinstance(k, str):
                    raise _BadValue(f"dict keys must be strings, got {type(k).__name__}")
                out[str(k)] = enc(x, depth + 1)
            return out
        if np is not None:
            if isinstance(v, np.ndarray):
                kind = v.dtype.kind
                name = "str" if kind == "U" else v.dtype.name
                if kind not in "biufU" or name not in _ALLOWED_DTYPES:
                    raise _BadValue(f"arrays of dtype {v.dtype} are not supported")
                count[0] += v.size
                if count[0] > budget:
                    raise _TooLarge()
                data = v.tolist()
                if kind == "f" and not bool(np.isfinite(v).all()):
                    data = _tag_nonfinite(data)
                out = {"$ndarray": data, "dtype": name}
                if v.size == 0 and v.ndim > 1:
                    out["shape"] = list(v.shape)
                return out
            if isinstance(v, np.bool_):
                return bool(v)
            if isinstance(v, np.integer):
                return int(v)
            if isinstance(v, np.floating):
                return _float_tag(float(v))
            if isinstance(v, np.str_):
                return str(v)
        raise _BadValue(f"values of type {type(v).__name__} are not supported")

    return enc(value, 0)


# ---- captured print output -----------------------------------------------------------------------------


class _Sink:
    """Replaces sys.stdout/sys.stderr during a test: keeps the first ``keep`` characters, counts the rest."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, keep, limit):
        self.parts = []
        self.kept = 0
        self.total = 0
        self.keep = keep
        self.limit = limit
        self.exceeded = False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        self.total += len(s)
        if self.kept < self.keep:
            part = s[: self.keep - self.kept]
            self.parts.append(part)
            self.kept += len(part)
        if self.total > self.limit:
            self.exceeded = True
            raise _OutputLimit()
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def text(self):
        s = "".join(self.parts)
        if self.total > self.kept:
            s += f"\n... ({self.total - self.kept} more characters not shown)"
        return s


# ---- limits --------------------------------------------------------------------------------------------


class _Clock:
    armed = False
    fired = 0
    on_give_up = None


def _on_timer(signum, frame):
    if not _Clock.armed:
        return
    _Clock.fired += 1
    if _Clock.fired > _GRACE_FIRES and _Clock.on_give_up is not None:
        _Clock.on_give_up()
    raise _Timeout()


def _arm(cpu_s, wall_s):
    _Clock.fired = 0
    _Clock.armed = True
    signal.setitimer(signal.ITIMER_PROF, cpu_s, 0.25)
    signal.setitimer(signal.ITIMER_REAL, wall_s, 0.25)


def _disarm():
    _Clock.armed = False
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def _error_info(exc, filename):
    try:
        message = str(exc)
    except BaseException:
        message = "<the exception's message could not be printed>"
    if len(message) > 1000:
        message = message[:1000] + "..."
    tb_text = ""
    try:
        import traceback

        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(filename)]
        tb_text = "".join(traceback.format_list(frames[-6:]))[:3000]
    except BaseException:
        pass
    return {"type": type(exc).__name__, "message": message, "tb": tb_text}


def _measure(cpu0, wall0):
    return {
        "cpu_ms": round((time.process_time() - cpu0) * 1000, 2),
        "wall_ms": round((time.perf_counter() - wall0) * 1000, 2),
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _call(fn, args, kwargs, cpu_s, wall_s, value_bytes, value_nodes, sink):
    """Run one call under the limits, encoding its value under them too. Returns (record, value_json)."""
    value_json = None
    record = {}
    try:
        try:
            _arm(cpu_s, wall_s)
            try:
                value = fn(*args, **kwargs)
            except (_Timeout, _OutputLimit):
                raise
            except MemoryError:
                record = {"status": "mle"}
            except BaseException as exc:  # the candidate's exception, SystemExit included
                record = {"status": "error", "error": _error_info(exc, "solution.py")}
            else:
                value_json = _to_json(value, value_bytes, value_nodes)
                del value
                record = {"status": "ok"}
        finally:
            _disarm()
    except _Timeout:
        record, value_json = {"status": "tle"}, None
    except _OutputLimit:
        record, value_json = {"status": "ole", "what": "printed output"}, None
    except _TooLarge:
        record, value_json = {"status": "ole", "what": "return value"}, None
    except _BadValue as exc:
        record, value_json = {"status": "bad_value", "error": {"type": "", "message": str(exc)[:500]}}, None
    except MemoryError:
        record, value_json = {"status": "mle"}, None
    if _Clock.fired and record.get("status") in ("ok", "error"):
        record, value_json = {"status": "tle"}, None  # the candidate caught the timeout and carried on
    if sink.exceeded and record.get("status") != "tle":
        record, value_json = {"status": "ole", "what": "printed output"}, None
    return record, value_json


def _to_json(value, value_bytes, value_nodes):
    try:
        text = json.dumps(_encode(value, value_nodes), separators=(",", ":"), allow_nan=False)
    except (_Timeout, _OutputLimit, _TooLarge, _BadValue, MemoryError):
        raise
    except BaseException as exc:  # e.g. an int too long to print, or a list subclass that fails to iterate
        raise _BadValue(f"{type(exc).__name__}: {exc}") from None
    if len(text) > value_bytes:
        raise _TooLarge()
    return text


# ---- the two modes -------------------------------------------------------------------------------------


def _load_module(filename, fn_name, limit_s):
    """Import ``filename`` under the time limit; returns the function, or None after emitting why not."""
    import importlib.util

    name = filename[:-3]
    spec = importlib.util.spec_from_file_location(name, os.path.abspath(filename))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    t0 = time.perf_counter()
    status = None
    try:
        try:
            _arm(limit_s, limit_s * 2 + 1)
            try:
                spec.loader.exec_module(module)
            except (_Timeout, MemoryError):
                raise
            except BaseException as exc:
                status = ("error", _error_info(exc, filename))
        finally:
            _disarm()
    except _Timeout:
        status = ("tle", None)
    except MemoryError:
        status = ("mle", None)
    if status is None and _Clock.fired:
        status = ("tle", None)
    if status is None and not callable(getattr(module, fn_name, None)):
        status = ("missing", {"type": "", "message": f"{filename} does not define {fn_name}()"})
    if status is not None:
        _emit({"t": "import", "status": status[0], "error": status[1]})
        return None
    _emit({"t": "ready", "ms": round((time.perf_counter() - t0) * 1000, 2)})
    return getattr(module, fn_name)


def _grade(job):
    fn = _load_module("solution.py", job["function"], max(float(job["time_limit_s"]), 2.0))
    if fn is None:
        return
    cpu_s, wall_s = float(job["time_limit_s"]), float(job["wall_limit_s"])
    out_chars = int(job["out_chars"])
    value_nodes = int(job["value_nodes"])
    tests = job["tests"]
    for pos, test in enumerate(tests):
        i = test["i"]
        _emit({"t": "start", "i": i})
        # Room left on the channel, keeping enough for the small records of the tests still to come.
        reserve = (len(tests) - pos) * (out_chars * 2 + 1024) + 4096
        value_bytes = min(int(job["value_bytes"]), int(job["channel_bytes"]) - _sent - reserve)
        args = _decode(test["args"])
        kwargs = _decode(test.get("kwargs") or {})
        sink = _Sink(out_chars, int(job["output_bytes"]))

        def give_up(i=i, sink=sink):
            _emit({"t": "result", "i": i, "status": "tle", "out": sink.text()})
            os._exit(0)

        _Clock.on_give_up = give_up
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = sink
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            record, value_json = _call(
                fn, args, kwargs, cpu_s, wall_s, max(value_bytes, 0), value_nodes, sink
            )
        finally:
            sys.stdout, sys.stderr = saved
        _Clock.on_give_up = None
        record.update(_measure(cpu0, wall0))
        record.update({"t": "result", "i": i, "out": sink.text()})
        del args, kwargs
        if value_json is None:
            _emit(record)
        else:
            head = json.dumps(record, separators=(",", ":"), allow_nan=False)
            _emit_text(head[:-1] + ',"value":' + value_json + "}")
    _emit({"t": "done"})


def _generate(job):
    import random

    fn = _load_module("generator.py", "generate", float(job["time_limit_s"]))
    if fn is None:
        return
    limit = float(job["time_limit_s"])
    for test in job["tests"]:
        i = test["i"]
        _emit({"t": "start", "i": i})
        results = []
        # Called twice with the global random sources seeded differently: any randomness not seeded
        # from params["seed"] shows up as two different results.
        for global_seed in (12345, 54321):
            random.seed(global_seed)
            if "numpy" in sys.modules:
                sys.modules["numpy"].random.seed(global_seed)
            sink = _Sink(2000, 1 << 20)
            saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = sink
            try:
                record, value_json = _call(
                    lambda p=test["params"]: fn(**p),
                    [],
                    {},
                    limit,
                    limit * 2 + 1,
                    int(job["value_bytes"]),
                    int(job["value_nodes"]),
                    sink,
                )
            finally:
                sys.stdout, sys.stderr = saved
            results.append((record, value_json))
            if value_json is None:
                break
        record, value_json = results[0]
        record.update({"t": "result", "i": i})
        if value_json is not None and results[1][1] != value_json:
            record = {"t": "result", "i": i, "status": "nondeterministic"}
            value_json = None
        if value_json is None:
            _emit(record)
        else:
            head = json.dumps(record, separators=(",", ":"))
            _emit_text(head[:-1] + ',"value":' + value_json + "}")
    _emit({"t": "done"})


def main():
    global _chan
    # Keep the channel on a private descriptor and close fd 3, so a stray write to fd 3 fails loudly.
    _chan = os.dup(_CHANNEL_FD)
    os.close(_CHANNEL_FD)
    signal.signal(signal.SIGPROF, _on_timer)
    signal.signal(signal.SIGALRM, _on_timer)
    sys.path.insert(0, os.getcwd())
    job = json.loads(sys.stdin.buffer.read())
    sys.stdin = open(os.devnull)  # noqa: SIM115 - the candidate gets an empty stdin
    if job["mode"] == "generate":
        _generate(job)
    else:
        _grade(job)


if __name__ == "__main__":
    main()
