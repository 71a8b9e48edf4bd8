"""Loading problem folders: the fixtures load, round-trip through JSON, and bad files are named precisely."""

import json
import shutil
from pathlib import Path

import pytest

from scoring.judge.problem import (
    MIN_WRONGS,
    BankError,
    ProblemSpec,
    TestCase,
    load_problem_dir,
    materialise_tests,
)
from scoring.judge.sandbox import get_backend

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if (p / "problem.yaml").exists())


@pytest.fixture(scope="module")
def backend():
    backend = get_backend("auto")
    if backend.problem():
        pytest.skip(f"no usable sandbox: {backend.problem()}")
    return backend


@pytest.fixture
def problem_copy(tmp_path):
    """A writable copy of the sum-list fixture, for breaking on purpose."""
    folder = tmp_path / "sum-list"
    shutil.copytree(FIXTURES / "sum-list", folder)
    return folder


def issues_of(folder):
    with pytest.raises(BankError) as info:
        load_problem_dir(folder)
    return info.value.problems


@pytest.mark.parametrize("folder", FIXTURE_DIRS, ids=lambda p: p.name)
def test_fixture_problems_load_and_round_trip_through_json(folder):
    spec = load_problem_dir(folder)
    assert spec.slug == folder.name
    data = json.loads(json.dumps(spec.to_dict(), allow_nan=False))
    assert ProblemSpec.from_dict(data) == spec


def test_values_are_kept_in_canonical_tagged_form():
    spec = load_problem_dir(FIXTURES / "mean-float")
    assert spec.tests[1].expected == {"$float": "nan"}
    assert spec.tests[3].args == [[1, {"$float": "inf"}]]
    normalise = load_problem_dir(FIXTURES / "row-normalise")
    args = normalise.tests[2].args
    assert args is not None and args[0] == {"$ndarray": [], "dtype": "float64", "shape": [0, 3]}


def test_defaults_apply():
    spec = load_problem_dir(FIXTURES / "sum-list")
    assert spec.level == "mid"
    assert spec.tests[2].visible is False
    assert spec.tests[2].weight == 1.0
    assert spec.tests[4].weight == 2.0
    assert spec.tests[0].kwargs == {}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("kind: algorithmic", "kind: puzzle", 3, "kind", "one of"),
        ("difficulty: easy", "difficulty: easy\ncolour: blue", 5, "colour", "unknown field"),
        ("function: total", "function: 2total", 6, "function", "identifier"),
        ("time_limit_s: 1", "time_limit_s: -1", 7, "time_limit_s", "greater than"),
        ("memory_mb: 256", "memory_mb: lots", 8, "memory_mb", "integer"),
        ("checker: {type: exact}", "checker: {type: fuzzy}", 9, "checker.type", "unknown checker"),
        ("checker: {type: exact}", "checker: {type: float, atol: -1}", 9, "checker.atol", "non-negative"),
        ("    expected: 0\n", "", 15, "tests[1]", "expected"),
        ("args: [[10, -4]]", "args: {a: 1}", 20, "tests[2].args", "list"),
        (
            "args: [[5]]",
            "args: [{$ndarray: [[1], [2, 3]], dtype: float64}]",
            23,
            "tests[3].args",
            "rectangular",
        ),
        ("args: [[5]]", "args: [{$ndarray: [1], dtype: object}]", 23, "tests[3].args", "dtype"),
        ("expected: 600", "expected: {$float: big}", 28, "tests[4].expected", "$float"),
        ("weight: 2", "weight: -2", 26, "tests[4].weight", "non-negative"),
        ("  - name: one number", "  - name: hundreds", 25, "tests[4].name", "duplicate"),
        (
            "    args: [[5]]",
            "    generate: {n: 3}\n    args: [[5]]",
            23,
            "tests[3].generate",
            "generated test",
        ),
        (
            "    visible: true\n    args: [[]]",
            "    visible: yes please\n    args: [[]]",
            16,
            "tests[1].visible",
            "true or false",
        ),
        ("slug: sum-list", "slug: sum-lists", 1, "slug", "folder name"),
    ],
)
def test_each_mistake_names_file_line_and_field(problem_copy, old, new, line, field, words):
    replace_in(problem_copy / "problem.yaml", old, new)
    issues = issues_of(problem_copy)
    match = [i for i in issues if i.field == field]
    assert match, issues
    assert match[0].file == "sum-list/problem.yaml"
    assert match[0].line == line, match[0]
    assert words in match[0].message


def test_every_issue_is_reported_at_once(problem_copy):
    replace_in(problem_copy / "problem.yaml", "kind: algorithmic", "kind: puzzle")
    replace_in(problem_copy / "problem.yaml", "memory_mb: 256", "memory_mb: 1")
    (problem_copy / "reference.py").unlink()
    issues = issues_of(problem_copy)
    assert {i.field for i in issues} >= {"kind", "memory_mb"}
    assert ("sum-list/reference.py", 0, "", "missing file") in issues
    assert "sum-list/problem.yaml:3: kind:" in str(BankError(issues))


def test_invalid_yaml_gives_its_line(problem_copy):
    replace_in(problem_copy / "problem.yaml", "title: Sum of a list", "title: [unclosed")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/problem.yaml"
    assert issue.line >= 2
    assert "invalid YAML" in issue.message


def test_python_files_are_syntax_checked_with_their_line(problem_copy):
    (problem_copy / "reference.py").write_text("def total(xs):\n    return sum(xs\n")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/reference.py"
    assert issue.line in (2, 3)
    assert "syntax error" in issue.message


def test_solution_files_must_define_the_function(problem_copy):
    (problem_copy / "starter.py").write_text("def summe(xs):\n    pass\n")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/starter.py"
    assert "does not define total()" in issue.message


# ---- wrong solutions: the folder wrong/ ----


def test_wrong_solutions_are_read_by_name_from_the_wrong_folder(problem_copy):
    spec = load_problem_dir(problem_copy)
    assert sorted(spec.wrongs) == ["empty_is_none", "skips_first", "skips_last"]
    assert spec.wrongs["skips_first"] == (problem_copy / "wrong" / "skips_first.py").read_text()


def test_a_wrong_solution_is_syntax_checked_with_its_file_and_line(problem_copy):
    (problem_copy / "wrong" / "skips_last.py").write_text("def total(xs):\n    return sum(xs[:-1]\n")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/wrong/skips_last.py"
    assert issue.line in (2, 3) and "syntax error" in issue.message


def test_a_wrong_solution_must_define_the_function(problem_copy):
    (problem_copy / "wrong" / "skips_last.py").write_text("def summe(xs):\n    return 0\n")
    (issue,) = issues_of(problem_copy)
    assert str(issue) == "sum-list/wrong/skips_last.py: does not define total()"


def test_the_old_single_wrong_py_is_refused_with_where_to_move_it(problem_copy):
    (problem_copy / "wrong.py").write_text("def total(xs):\n    return 0\n")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/wrong.py"
    assert "move it to wrong/<what_is_wrong>.py" in issue.message


def test_a_missing_wrong_folder_is_named(problem_copy):
    shutil.rmtree(problem_copy / "wrong")
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/wrong"
    assert f"at least {MIN_WRONGS} plausible wrong solutions" in issue.message


def test_too_few_wrong_solutions_are_counted_and_named(problem_copy):
    for file in sorted((problem_copy / "wrong").iterdir())[MIN_WRONGS - 1 :]:
        file.unlink()
    (issue,) = issues_of(problem_copy)
    assert issue.file == "sum-list/wrong"
    assert f"needs at least {MIN_WRONGS} wrong solutions" in issue.message
    assert f"found {MIN_WRONGS - 1}" in issue.message


@pytest.mark.parametrize("name", ["Off-By-One.py", "1st.py", "notes.txt", "sub"])
def test_a_misnamed_file_in_the_wrong_folder_is_named(problem_copy, name):
    target = problem_copy / "wrong" / name
    if name == "sub":
        target.mkdir()
    else:
        target.write_text("def total(xs):\n    return 0\n")
    (issue,) = issues_of(problem_copy)
    assert issue.file == f"sum-list/wrong/{name}"


def test_editor_droppings_in_the_wrong_folder_are_ignored(problem_copy):
    (problem_copy / "wrong" / "__pycache__").mkdir()
    (problem_copy / "wrong" / ".skips_first.py.swp").write_text("x")
    assert len(load_problem_dir(problem_copy).wrongs) == 3


def test_generated_tests_need_a_generator_and_a_seed(problem_copy):
    replace_in(problem_copy / "problem.yaml", "    args: [[5]]\n    expected: 5", "    generate: {n: 5}")
    fields = {(i.field, i.message) for i in issues_of(problem_copy)}
    assert ("tests[3].generate.seed", "required: an integer seed for every random source") in fields
    assert any(f == "tests[3].generate" and "generator.py" in m for f, m in fields)


def test_a_custom_checker_needs_checker_py(problem_copy):
    replace_in(problem_copy / "problem.yaml", "checker: {type: exact}", "checker: {type: custom}")
    (issue,) = issues_of(problem_copy)
    assert issue.field == "checker.type"
    assert "checker.py" in issue.message


def test_known_topics_are_enforced_when_given(problem_copy):
    replace_in(problem_copy / "problem.yaml", "topics: []", "topics: [sums, sorting]")
    load_problem_dir(problem_copy)
    load_problem_dir(problem_copy, known_topics={"sums", "sorting"})
    issues = issues_of_with_topics(problem_copy, {"sums"})
    assert [(i.line, i.field) for i in issues] == [(5, "topics[1]")]


def issues_of_with_topics(folder, topics):
    with pytest.raises(BankError) as info:
        load_problem_dir(folder, known_topics=topics)
    return info.value.problems


def test_literal_tests_materialise_without_running_anything():
    spec = load_problem_dir(FIXTURES / "sum-list")
    tests = materialise_tests(spec, backend=None)  # no generated tests: the sandbox is not used
    assert [t.index for t in tests] == [0, 1, 2, 3, 4]
    assert tests[0] == TestCase(0, "three numbers", [[1, 2, 3]], {}, 6, {"type": "exact"}, 1.0, True)
    assert TestCase.from_dict(json.loads(json.dumps(tests[4].to_dict()))) == tests[4]


def test_generated_tests_materialise_in_the_sandbox(backend):
    spec = load_problem_dir(FIXTURES / "factor-pair")
    tests = materialise_tests(spec, backend)
    assert [t.name for t in tests] == [t.name for t in spec.tests]
    assert tests[1].checker == {"type": "custom"}
    n = tests[1].args[0]
    assert isinstance(n, int) and n > 3
    assert materialise_tests(spec, backend) == tests  # seeded: the same every time


def test_a_generator_that_is_not_seeded_is_refused(backend, tmp_path):
    folder = tmp_path / "factor-pair"
    shutil.copytree(FIXTURES / "factor-pair", folder)
    (folder / "generator.py").write_text(
        "import random\n\n\ndef generate(seed, high=100):\n"
        "    n = random.randint(2, high) * 7\n"
        '    return {"args": [n], "expected": None}\n'
    )
    spec = load_problem_dir(folder)
    with pytest.raises(BankError) as info:
        materialise_tests(spec, backend)
    issue = info.value.problems[0]
    assert issue.file == "factor-pair/problem.yaml"
    assert issue.field == "tests[1].generate"
    assert issue.line == 14  # the test's first line
    assert "seed every random source" in issue.message


def test_a_generator_returning_bad_data_is_refused(backend, tmp_path):
    folder = tmp_path / "factor-pair"
    shutil.copytree(FIXTURES / "factor-pair", folder)
    (folder / "generator.py").write_text("def generate(seed, high=100):\n    return {'args': 5}\n")
    with pytest.raises(BankError, match="args as a list"):
        materialise_tests(load_problem_dir(folder), backend)
    (folder / "generator.py").write_text("def generate(seed, high=100):\n    raise KeyError('oops')\n")
    with pytest.raises(BankError, match="KeyError"):
        materialise_tests(load_problem_dir(folder), backend)
