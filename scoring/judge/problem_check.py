"""Checking a problem folder for ``problem.load_problem_dir``: ``problem.yaml`` (shape, field types, checker
settings, value tags, each issue at its line), the wrong solutions' folder and the Python files (syntax, that
each defines what it must), without running any code. The format is ``docs/bank-format.md``.
"""

from __future__ import annotations

import ast
import json
import keyword
import math
from pathlib import Path
from typing import Any

import yaml

from scoring.judge import codec
from scoring.judge.checkers import make_checker
from scoring.judge.checkers.base import CheckerConfigError
from scoring.judge.problem import (
    DIFFICULTIES,
    KINDS,
    LEVELS,
    MAX_TIME_LIMIT_S,
    MEMORY_MB_RANGE,
    MIN_WRONGS,
    SLUG_RE,
    TEST_KEYS,
    TOP_KEYS,
    WRONG_DIR,
    WRONG_NAME_RE,
    BankIssue,
    TestSpec,
)

# ---- YAML with line numbers ----------------------------------------------------------------------------


def line_map(
    node: yaml.Node, path: tuple[Any, ...] = (), out: dict[tuple[Any, ...], int] | None = None
) -> dict[tuple[Any, ...], int]:
    """Map each path (keys and indices) in a composed YAML document to its 1-based line."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            line_map(value_node, (*path, key), out)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            line_map(item, (*path, i), out)
    return out


def _field_name(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Collector:
    def __init__(self, slug_dir: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.slug_dir = slug_dir
        self.lines = lines
        self.issues: list[BankIssue] = []

    def line(self, path: tuple[Any, ...]) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(
        self, path: tuple[Any, ...], message: str, file: str = "problem.yaml", line: int | None = None
    ) -> None:
        self.issues.append(
            BankIssue(
                f"{self.slug_dir}/{file}",
                self.line(path) if line is None else line,
                _field_name(path),
                message,
            )
        )


# ---- the wrong solutions and problem.yaml ----------------------------------------------------------------


def read_wrongs(folder: Path, slug_dir: str, issues: list[BankIssue]) -> dict[str, str]:
    """The wrong solutions in ``wrong/``, by name, sorted; every misplaced or misnamed file is an issue."""
    where = f"{slug_dir}/{WRONG_DIR}"
    if (folder / "wrong.py").exists():
        issues.append(
            BankIssue(
                f"{slug_dir}/wrong.py", 0, "",
                f"a single wrong.py is no longer used: move it to {WRONG_DIR}/<what_is_wrong>.py "
                f"(e.g. {WRONG_DIR}/off_by_one.py) beside at least {MIN_WRONGS - 1} more",
            )
        )  # fmt: skip
    wrongs: dict[str, str] = {}
    wrong_dir = folder / WRONG_DIR
    if not wrong_dir.is_dir():
        issues.append(
            BankIssue(
                where, 0, "",
                f"missing folder: at least {MIN_WRONGS} plausible wrong solutions, one per file "
                f"{WRONG_DIR}/<what_is_wrong>.py (e.g. off_by_one.py, wrong_axis.py), each must fail a test",
            )
        )  # fmt: skip
        return wrongs
    for file in sorted(wrong_dir.iterdir()):
        rel = f"{where}/{file.name}"
        if file.name.startswith(".") or file.name == "__pycache__":
            continue  # editor and interpreter droppings are not part of the problem
        if not file.is_file() or file.suffix != ".py":
            issues.append(BankIssue(rel, 0, "", "only wrong solutions <what_is_wrong>.py belong in wrong/"))
            continue
        if not WRONG_NAME_RE.match(file.stem):
            issues.append(
                BankIssue(
                    rel, 0, "",
                    "name a wrong solution after its mistake in lowercase letters, digits and underscores, "
                    "starting with a letter (at most 60), e.g. off_by_one.py",
                )
            )  # fmt: skip
            continue
        try:
            wrongs[file.stem] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            issues.append(BankIssue(rel, 0, "", f"cannot read as UTF-8: {exc}"))
    if len(wrongs) < MIN_WRONGS and not any(i.file.startswith(f"{where}/") for i in issues):
        found = ", ".join(f"{n}.py" for n in wrongs) or "none"
        issues.append(
            BankIssue(
                where, 0, "",
                f"needs at least {MIN_WRONGS} wrong solutions covering different mistakes "
                f"(off-by-one, wrong axis, unstable numerics, in-place mutation, ignored edge case, too slow); "
                f"found {len(wrongs)}: {found}",
            )
        )  # fmt: skip
    return wrongs


def validate_top(
    c: Collector, data: dict[str, Any], slug_dir: str, known_topics: set[str] | None, has_checker_py: bool
) -> dict[str, Any]:
    for key in data:
        if key not in TOP_KEYS:
            c.add((key,), f"unknown field; the fields are {', '.join(sorted(TOP_KEYS))}")
    out: dict[str, Any] = {"slug": _required_str(c, data, "slug")}
    if out["slug"] and not SLUG_RE.match(out["slug"]):
        c.add(("slug",), "lowercase letters, digits and hyphens only")
    elif out["slug"] and out["slug"] != slug_dir:
        c.add(("slug",), f"must equal the folder name {slug_dir!r}")
    out["title"] = _required_str(c, data, "title")
    for key, choices in (("kind", KINDS), ("difficulty", DIFFICULTIES)):
        out[key] = _required_str(c, data, key)
        if out[key] and out[key] not in choices:
            c.add((key,), f"must be one of {', '.join(choices)}, got {out[key]!r}")
    out["level"] = data.get("level", "mid")
    if out["level"] not in LEVELS:
        c.add(("level",), f"must be one of {', '.join(LEVELS)}, got {out['level']!r}")
    out["topics"] = _topics(c, data, known_topics)
    out["function"] = _required_str(c, data, "function")
    if out["function"] and (not out["function"].isidentifier() or keyword.iskeyword(out["function"])):
        c.add(("function",), f"must be a Python identifier, got {out['function']!r}")
    out["time_limit_s"] = _number(c, data, "time_limit_s", 0.0, MAX_TIME_LIMIT_S, required=True)
    out["memory_mb"] = _memory_mb(c, data)
    checker = data.get("checker")
    if "checker" not in data:
        c.add(("checker",), "required (the default checker for every test)", line=1)
        checker = {"type": "exact"}
    out["checker"] = _validate_checker(c, ("checker",), checker, has_checker_py)
    read_only = data.get("inputs_read_only", False)
    if not isinstance(read_only, bool):
        c.add(("inputs_read_only",), f"must be true or false, got {read_only!r}")
    out["inputs_read_only"] = read_only is True
    return out


def _required_str(c: Collector, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if key not in data:
        c.add((key,), "required", line=1)
    elif not isinstance(value, str) or not value.strip():
        c.add((key,), f"must be a non-empty string, got {value!r}")
    else:
        return value
    return ""


def _topics(c: Collector, data: dict[str, Any], known_topics: set[str] | None) -> list[str]:
    topics = data.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        c.add(("topics",), "must be a list of topic slugs")
        return []
    for i, topic in enumerate(topics):
        if known_topics is not None and topic not in known_topics:
            c.add(("topics", i), f"unknown topic {topic!r} (not in topics.yaml)")
    return list(topics)


def _memory_mb(c: Collector, data: dict[str, Any]) -> int:
    memory = data.get("memory_mb")
    low, high = MEMORY_MB_RANGE
    if "memory_mb" not in data:
        c.add(("memory_mb",), "required", line=1)
    elif isinstance(memory, bool) or not isinstance(memory, int) or not low <= memory <= high:
        c.add(("memory_mb",), f"must be an integer from {low} to {high}, got {memory!r}")
    return memory if isinstance(memory, int) else 0


def _number(
    c: Collector, data: dict[str, Any], key: str, low: float, high: float, *, required: bool
) -> float:
    value = data.get(key)
    if key not in data:
        if required:
            c.add((key,), "required", line=1)
        return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not low < value <= high:
        c.add((key,), f"must be a number greater than {low:g} and at most {high:g}, got {value!r}")
        return 0.0
    return float(value)


def _validate_checker(
    c: Collector, path: tuple[Any, ...], config: Any, has_checker_py: bool
) -> dict[str, Any]:
    if not isinstance(config, dict) or "type" not in config:
        c.add(path, "must be a mapping with a 'type'")
        return {"type": "exact"}
    if config.get("type") == "custom":
        # The custom checker's code is compiled with the other files; here only its presence matters.
        if not has_checker_py:
            c.add((*path, "type"), "a custom checker needs checker.py in the problem folder")
        extra = sorted(set(config) - {"type"})
        if extra:
            c.add((*path, extra[0]), "the custom checker takes no settings")
        return dict(config)
    try:
        make_checker(config)
    except CheckerConfigError as exc:
        sub = exc.field if exc.field in config else "type"
        c.add((*path, sub), exc.message)
    return dict(config)


def validate_tests(c: Collector, tests: Any, has_generator: bool, has_checker_py: bool) -> list[TestSpec]:
    if not isinstance(tests, list) or not tests:
        c.add(("tests",), "must be a non-empty list of tests", line=None if tests is not None else 1)
        return []
    out: list[TestSpec] = []
    names: dict[str, int] = {}
    for i, t in enumerate(tests):
        here: tuple[Any, ...] = ("tests", i)
        if not isinstance(t, dict):
            c.add(here, "each test must be a mapping")
            continue
        for key in t:
            if key not in TEST_KEYS:
                c.add((*here, key), f"unknown field; a test has {', '.join(sorted(TEST_KEYS))}")
        spec = _test_head(c, here, t, names)
        if "checker" in t:
            spec.checker = _validate_checker(c, (*here, "checker"), t["checker"], has_checker_py)
        if "generate" in t:
            _generated_test(c, here, t, spec, has_generator)
        else:
            _literal_test(c, here, t, spec)
        out.append(spec)
    return out


def _test_head(c: Collector, here: tuple[Any, ...], t: dict[str, Any], names: dict[str, int]) -> TestSpec:
    """A test's name, visibility and weight (names must be unique: ``names`` holds those seen so far)."""
    i = here[-1]
    name = t.get("name")
    if not isinstance(name, str) or not name.strip():
        c.add((*here, "name"), "required: a non-empty string")
        name = f"test {i + 1}"
    elif name in names:
        c.add((*here, "name"), f"duplicate test name (also test {names[name] + 1})")
    names.setdefault(name, i)
    visible = t.get("visible", False)
    if not isinstance(visible, bool):
        c.add((*here, "visible"), "must be true or false")
    weight = t.get("weight", 1)
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not math.isfinite(weight)
        or weight < 0
    ):
        c.add((*here, "weight"), f"must be a non-negative number, got {weight!r}")
        weight = 1
    return TestSpec(name=name, visible=visible is True, weight=float(weight), line=c.line(here))


def _generated_test(
    c: Collector, here: tuple[Any, ...], t: dict[str, Any], spec: TestSpec, has_generator: bool
) -> None:
    for key in ("args", "kwargs", "expected"):
        if key in t:
            c.add((*here, key), "a generated test takes no literal args, kwargs or expected")
    params = t["generate"]
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        c.add((*here, "generate"), "must be a mapping of parameters for generate(**params)")
    elif not isinstance(params.get("seed"), int) or isinstance(params.get("seed"), bool):
        c.add((*here, "generate", "seed"), "required: an integer seed for every random source")
    else:
        try:
            json.dumps(params, allow_nan=False)
            spec.generate = dict(params)
        except ValueError as exc:
            c.add((*here, "generate"), f"parameters must be plain JSON values ({exc})")
    if not has_generator:
        c.add((*here, "generate"), "a generated test needs generator.py in the problem folder")


def _literal_test(c: Collector, here: tuple[Any, ...], t: dict[str, Any], spec: TestSpec) -> None:
    if "args" not in t:
        c.add(here, "a test needs args (and expected), or generate")
    elif not isinstance(t["args"], list):
        c.add((*here, "args"), "must be a list of positional arguments")
    else:
        spec.args = _value(c, (*here, "args"), t["args"])
    kwargs = t.get("kwargs", {})
    if not isinstance(kwargs, dict) or not all(isinstance(k, str) and k.isidentifier() for k in kwargs):
        c.add((*here, "kwargs"), "must be a mapping of keyword arguments")
    else:
        spec.kwargs = _value(c, (*here, "kwargs"), kwargs) or {}
    if "expected" not in t:
        c.add(here, "a literal test needs expected")
    else:
        spec.expected = _value(c, (*here, "expected"), t["expected"])


def _value(c: Collector, path: tuple[Any, ...], raw: Any) -> Any:
    """Canonical tagged form of a YAML value, reporting tag errors at the value's line."""
    try:
        return codec.normalise(raw, path=_field_name(path))
    except codec.CodecError as exc:
        c.add(path, str(exc))
        return None


def _defines(tree: ast.Module, name: str) -> bool:
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and stmt.name == name:
            return True
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return True
        if isinstance(stmt, ast.ImportFrom | ast.Import) and any(
            (a.asname or a.name) == name for a in stmt.names
        ):
            return True
    return False


def check_python_files(c: Collector, texts: dict[str, str], function: str | None) -> None:
    needs = {
        "starter.py": function,
        "reference.py": function,
        "generator.py": "generate",
        "checker.py": "check",
    }
    for file in texts:
        if file.startswith(f"{WRONG_DIR}/"):
            needs[file] = function
    for file, name in needs.items():
        if file not in texts:
            continue
        try:
            tree = ast.parse(texts[file], filename=file)
        except SyntaxError as exc:
            c.add((), f"syntax error: {exc.msg}", file=file, line=exc.lineno or 0)
            continue
        except ValueError as exc:  # null bytes
            c.add((), f"cannot be compiled: {exc}", file=file, line=0)
            continue
        if name and not _defines(tree, name):
            c.add((), f"does not define {name}()", file=file, line=0)
