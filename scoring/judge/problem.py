"""Coding problems as data: load and validate a problem folder, and materialise its tests.

The format is ``docs/bank-format.md``. ``load_problem_dir`` checks everything it can without running code
(YAML shape, field types, checker settings, value tags, Python syntax, that each file defines what it must)
and reports every problem at once as a ``BankError`` whose ``issues`` name the file, the line and the field.
``materialise_tests`` then runs ``generator.py`` inside the sandbox for the generated tests and returns
concrete ``TestCase``s, ready to store with the problem version.
"""

from __future__ import annotations

import ast
import json
import keyword
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

from scoring.judge import codec
from scoring.judge.checkers import make_checker
from scoring.judge.checkers.base import CheckerConfigError

if TYPE_CHECKING:
    from scoring.judge.sandbox_types import Limits, SandboxBackend

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("ml", "algorithmic")
DIFFICULTIES = ("easy", "medium", "hard")
LEVELS = ("junior", "mid", "senior", "staff")
MAX_TIME_LIMIT_S = 30.0
MEMORY_MB_RANGE = (64, 4096)
REQUIRED_FILES = ("problem.yaml", "statement.md", "starter.py", "reference.py")
WRONG_DIR = "wrong"  # wrong/<what_is_wrong>.py: plausible wrong solutions, each must fail a test
MIN_WRONGS = 3
WRONG_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
TOP_KEYS = {
    "slug", "title", "kind", "difficulty", "level", "topics", "function",
    "time_limit_s", "memory_mb", "checker", "tests", "inputs_read_only",
}  # fmt: skip
TEST_KEYS = {"name", "visible", "weight", "args", "kwargs", "expected", "generate", "checker"}


class BankIssue(NamedTuple):
    file: str  # path relative to the bank's coding/ folder, e.g. "kmeans/problem.yaml"
    line: int  # 1-based; 0 when the whole file is concerned
    field: str  # e.g. "tests[3].checker.atol"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BankError(Exception):
    """One or more problems in bank files; ``problems`` lists each with its file, line and field."""

    def __init__(self, problems: list[BankIssue]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(i) for i in self.problems))

    @property
    def issues(self) -> list[BankIssue]:
        return self.problems


@dataclass
class TestSpec:
    """A test as written in problem.yaml: literal (args/kwargs/expected) or generated (generate params).

    Values are kept in their canonical tagged-JSON form (see codec.py).
    """

    __test__ = False  # not a pytest test class

    name: str
    visible: bool = False
    weight: float = 1.0
    args: list[Any] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    generate: dict[str, Any] | None = None
    checker: dict[str, Any] | None = None
    line: int = 0


@dataclass
class ProblemSpec:
    slug: str
    title: str
    kind: str
    difficulty: str
    level: str
    topics: list[str]
    function: str
    time_limit_s: float
    memory_mb: int
    checker: dict[str, Any]
    tests: list[TestSpec]
    statement: str
    starter: str
    reference: str
    wrongs: dict[str, str]  # what is wrong (the file's stem in wrong/) -> code
    generator: str | None = None
    checker_source: str | None = None
    inputs_read_only: bool = False  # the judge gives WA when the function modifies its inputs in place

    @property
    def limits(self) -> dict[str, Any]:
        """The per-test limits a candidate is shown with the statement."""
        return limits_summary(self.time_limit_s, self.memory_mb)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable; ``from_dict(spec.to_dict()) == spec``."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProblemSpec:
        fields = dict(data)
        fields["tests"] = [TestSpec(**t) for t in data["tests"]]
        return cls(**fields)


def limits_summary(time_limit_s: float, memory_mb: int) -> dict[str, Any]:
    """``{"time_limit_s", "memory_mb", "text"}``, e.g. text "2 s of CPU time and 256 MB of memory per test"."""
    return {
        "time_limit_s": time_limit_s,
        "memory_mb": memory_mb,
        "text": f"{time_limit_s:g} s of CPU time and {memory_mb} MB of memory per test",
    }


@dataclass
class TestCase:
    """A concrete test: inputs and expected value (tagged JSON), the checker config, weight and visibility."""

    __test__ = False  # not a pytest test class

    index: int
    name: str
    args: list[Any]
    kwargs: dict[str, Any]
    expected: Any
    checker: dict[str, Any]
    weight: float = 1.0
    visible: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestCase:
        return cls(**data)


# ---- YAML with line numbers ----------------------------------------------------------------------------


def _line_map(
    node: yaml.Node, path: tuple[Any, ...] = (), out: dict[tuple[Any, ...], int] | None = None
) -> dict[tuple[Any, ...], int]:
    """Map each path (keys and indices) in a composed YAML document to its 1-based line."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _line_map(value_node, (*path, key), out)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out)
    return out


def _field_name(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Collector:
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


# ---- loading -------------------------------------------------------------------------------------------


def load_problem_dir(path: str | Path, *, known_topics: set[str] | None = None) -> ProblemSpec:
    """Load and validate ``coding/<slug>/``. Raises BankError listing every issue found.

    ``known_topics``, when given, is the set of topic slugs from topics.yaml that ``topics`` may name.
    """
    folder = Path(path)
    slug_dir = folder.name
    issues: list[BankIssue] = []
    if not folder.is_dir():
        raise BankError([BankIssue(slug_dir, 0, "", "not a folder")])
    texts: dict[str, str] = {}
    for name in (*REQUIRED_FILES, "generator.py", "checker.py"):
        file = folder / name
        if not file.exists():
            if name in REQUIRED_FILES:
                issues.append(BankIssue(f"{slug_dir}/{name}", 0, "", "missing file"))
            continue
        try:
            texts[name] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            issues.append(BankIssue(f"{slug_dir}/{name}", 0, "", f"cannot read as UTF-8: {exc}"))
    wrongs = _read_wrongs(folder, slug_dir, issues)
    if "problem.yaml" not in texts:
        raise BankError(issues)

    try:
        node = yaml.compose(texts["problem.yaml"], Loader=yaml.SafeLoader)
        data = yaml.safe_load(texts["problem.yaml"])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise BankError(
            [*issues, BankIssue(f"{slug_dir}/problem.yaml", line, "", f"invalid YAML: {exc}")]
        ) from None
    c = _Collector(slug_dir, _line_map(node) if node is not None else {})
    c.issues.extend(issues)
    if not isinstance(data, dict):
        c.add((), "the file must be a mapping of fields")
        raise BankError(c.issues)

    has_checker_py = "checker.py" in texts
    spec = _validate_top(c, data, slug_dir, known_topics, has_checker_py)
    tests = _validate_tests(c, data.get("tests"), "generator.py" in texts, has_checker_py)
    _check_python_files(c, texts, spec.get("function"))
    _check_python_files(c, {wrong_file(n): code for n, code in wrongs.items()}, spec.get("function"))
    if c.issues:
        raise BankError(c.issues)
    return ProblemSpec(
        **spec,
        tests=tests,
        statement=texts["statement.md"],
        starter=texts["starter.py"],
        reference=texts["reference.py"],
        wrongs=wrongs,
        generator=texts.get("generator.py"),
        checker_source=texts.get("checker.py"),
    )


def wrong_file(name: str) -> str:
    """The path, relative to the problem folder, of the wrong solution called ``name``."""
    return f"{WRONG_DIR}/{name}.py"


def _read_wrongs(folder: Path, slug_dir: str, issues: list[BankIssue]) -> dict[str, str]:
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


def _validate_top(
    c: _Collector, data: dict[str, Any], slug_dir: str, known_topics: set[str] | None, has_checker_py: bool
) -> dict[str, Any]:
    for key in data:
        if key not in TOP_KEYS:
            c.add((key,), f"unknown field; the fields are {', '.join(sorted(TOP_KEYS))}")
    out: dict[str, Any] = {}

    def required_str(key: str) -> str:
        value = data.get(key)
        if key not in data:
            c.add((key,), "required", line=1)
        elif not isinstance(value, str) or not value.strip():
            c.add((key,), f"must be a non-empty string, got {value!r}")
        else:
            return value
        return ""

    out["slug"] = required_str("slug")
    if out["slug"] and not SLUG_RE.match(out["slug"]):
        c.add(("slug",), "lowercase letters, digits and hyphens only")
    elif out["slug"] and out["slug"] != slug_dir:
        c.add(("slug",), f"must equal the folder name {slug_dir!r}")
    out["title"] = required_str("title")
    for key, choices in (("kind", KINDS), ("difficulty", DIFFICULTIES)):
        out[key] = required_str(key)
        if out[key] and out[key] not in choices:
            c.add((key,), f"must be one of {', '.join(choices)}, got {out[key]!r}")
    out["level"] = data.get("level", "mid")
    if out["level"] not in LEVELS:
        c.add(("level",), f"must be one of {', '.join(LEVELS)}, got {out['level']!r}")

    topics = data.get("topics", [])
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        c.add(("topics",), "must be a list of topic slugs")
        topics = []
    for i, topic in enumerate(topics):
        if known_topics is not None and topic not in known_topics:
            c.add(("topics", i), f"unknown topic {topic!r} (not in topics.yaml)")
    out["topics"] = list(topics)

    out["function"] = required_str("function")
    if out["function"] and (not out["function"].isidentifier() or keyword.iskeyword(out["function"])):
        c.add(("function",), f"must be a Python identifier, got {out['function']!r}")

    out["time_limit_s"] = _number(c, data, "time_limit_s", 0.0, MAX_TIME_LIMIT_S, required=True)
    memory = data.get("memory_mb")
    low, high = MEMORY_MB_RANGE
    if "memory_mb" not in data:
        c.add(("memory_mb",), "required", line=1)
    elif isinstance(memory, bool) or not isinstance(memory, int) or not low <= memory <= high:
        c.add(("memory_mb",), f"must be an integer from {low} to {high}, got {memory!r}")
    out["memory_mb"] = memory if isinstance(memory, int) else 0

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


def _number(
    c: _Collector, data: dict[str, Any], key: str, low: float, high: float, *, required: bool
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
    c: _Collector, path: tuple[Any, ...], config: Any, has_checker_py: bool
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


def _validate_tests(c: _Collector, tests: Any, has_generator: bool, has_checker_py: bool) -> list[TestSpec]:
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
        spec = TestSpec(name=name, visible=visible is True, weight=float(weight), line=c.line(here))
        if "checker" in t:
            spec.checker = _validate_checker(c, (*here, "checker"), t["checker"], has_checker_py)
        if "generate" in t:
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
        else:
            if "args" not in t:
                c.add(here, "a test needs args (and expected), or generate")
            elif not isinstance(t["args"], list):
                c.add((*here, "args"), "must be a list of positional arguments")
            else:
                spec.args = _value(c, (*here, "args"), t["args"])
            kwargs = t.get("kwargs", {})
            if not isinstance(kwargs, dict) or not all(
                isinstance(k, str) and k.isidentifier() for k in kwargs
            ):
                c.add((*here, "kwargs"), "must be a mapping of keyword arguments")
            else:
                spec.kwargs = _value(c, (*here, "kwargs"), kwargs) or {}
            if "expected" not in t:
                c.add(here, "a literal test needs expected")
            else:
                spec.expected = _value(c, (*here, "expected"), t["expected"])
        out.append(spec)
    return out


def _value(c: _Collector, path: tuple[Any, ...], raw: Any) -> Any:
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


def _check_python_files(c: _Collector, texts: dict[str, str], function: str | None) -> None:
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


# ---- materialising -------------------------------------------------------------------------------------


def materialise_tests(
    spec: ProblemSpec, backend: SandboxBackend | None, *, limits: Limits | None = None
) -> list[TestCase]:
    """Concrete tests for a problem version: literal tests as written, generated ones computed by running
    ``generator.py`` inside the sandbox (each call twice, to prove it deterministic).

    ``backend`` may be None for a problem without generated tests. Raises BankError naming the test's line in
    problem.yaml if the generator fails or returns bad data.
    """
    from scoring.judge.generate import run_generator  # (generate.py imports this module)

    pending = [(i, t.generate) for i, t in enumerate(spec.tests) if t.generate is not None]
    if pending and backend is None:
        raise ValueError(f"{spec.slug} has generated tests: materialising them needs a sandbox backend")
    generated = run_generator(spec, pending, backend, limits=limits) if pending and backend else {}
    issues: list[BankIssue] = []
    cases: list[TestCase] = []
    for i, t in enumerate(spec.tests):
        checker = dict(t.checker or spec.checker)
        if t.generate is None:
            cases.append(
                TestCase(
                    i, t.name, list(t.args or []), dict(t.kwargs), t.expected, checker, t.weight, t.visible
                )
            )
            continue
        where = BankIssue(f"{spec.slug}/problem.yaml", t.line, f"tests[{i}].generate", "")
        outcome = generated.get(i)
        if isinstance(outcome, str):
            issues.append(where._replace(message=outcome))
            continue
        problem = _check_generated(outcome)
        if problem:
            issues.append(where._replace(message=f"generator.py {problem}"))
            continue
        assert isinstance(outcome, dict)
        cases.append(
            TestCase(
                i, t.name, outcome["args"], outcome.get("kwargs") or {}, outcome["expected"], checker,
                t.weight, t.visible,
            )
        )  # fmt: skip
    if issues:
        raise BankError(issues)
    return cases


def _check_generated(out: Any) -> str:
    if not isinstance(out, dict):
        return f"must return a dict with args, kwargs and expected, got {type(out).__name__}"
    extra = set(out) - {"args", "kwargs", "expected"}
    if extra:
        return f"returned unknown keys {sorted(extra)}"
    if not isinstance(out.get("args"), list):
        return "must return args as a list"
    if not isinstance(out.get("kwargs", {}), dict):
        return "must return kwargs as a dict"
    if "expected" not in out:
        return "must return expected"
    return ""
