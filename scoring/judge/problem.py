"""Coding problems as data: load and validate a problem folder, and materialise its tests.

The format is ``docs/bank-format.md``. ``load_problem_dir`` checks everything it can without running code
(YAML shape, field types, checker settings, value tags, Python syntax, that each file defines what it must)
and reports every problem at once as a ``BankError`` whose ``issues`` name the file, the line and the field.
``materialise_tests`` then runs ``generator.py`` inside the sandbox for the generated tests and returns
concrete ``TestCase``s, ready to store with the problem version.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import yaml

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


def wrong_file(name: str) -> str:
    """The path, relative to the problem folder, of the wrong solution called ``name``."""
    return f"{WRONG_DIR}/{name}.py"


# ---- loading -------------------------------------------------------------------------------------------


def load_problem_dir(path: str | Path, *, known_topics: set[str] | None = None) -> ProblemSpec:
    """Load and validate ``coding/<slug>/``. Raises BankError listing every issue found.

    ``known_topics``, when given, is the set of topic slugs from topics.yaml that ``topics`` may name.
    """
    from scoring.judge import problem_check  # (it imports this module)

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
    wrongs = problem_check.read_wrongs(folder, slug_dir, issues)
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
    c = problem_check.Collector(slug_dir, problem_check.line_map(node) if node is not None else {})
    c.issues.extend(issues)
    if not isinstance(data, dict):
        c.add((), "the file must be a mapping of fields")
        raise BankError(c.issues)

    has_checker_py = "checker.py" in texts
    spec = problem_check.validate_top(c, data, slug_dir, known_topics, has_checker_py)
    tests = problem_check.validate_tests(c, data.get("tests"), "generator.py" in texts, has_checker_py)
    problem_check.check_python_files(c, texts, spec.get("function"))
    problem_check.check_python_files(
        c, {wrong_file(n): code for n, code in wrongs.items()}, spec.get("function")
    )
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
