"""The hand-labelled evaluation set of the answer analysis engine (issue #10): load it and check it.

Plain Python, no Django, so `make bench` and the tests read the set the same way:

    items = load_evalset()                       # every <round>/<slug>.yaml next to this file
    problems = evalset_problems(items, questions=..., red_flag_keys=..., design_keys=...)

`questions` maps a slug to the bank's parsed question (`questionbank.bankfiles.data.QuestionData`, or anything
with `round_kind`, `status` and `reviewer_notes`); the caller reads the bank with the bank's own loader.
A problem is one line naming the file, the answer and what is wrong; an empty list means the set is usable.
See README.md in this folder for the format and the labelling rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EVALSET_DIR = Path(__file__).resolve().parent
WRITTEN_ROUNDS = ("ml_breadth", "ml_system_design", "ml_domain", "project_deep_dive", "behavioural")
KINDS = ("strong", "partial", "off_topic", "buzzword", "red_flag")
# The false-positive set: these answers must carry no red flag.
CLEAN_KINDS = ("strong", "partial", "off_topic", "buzzword")
LABELS = ("covered", "partly", "missing")
LABEL_SCORE = {"covered": 1.0, "partly": 0.5, "missing": 0.0}
MIN_QUESTIONS = 40
OWN_FLAG_RE = re.compile(r"^q(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class EvalAnswer:
    kind: str
    text: str  # the whole answer; for system design, the sections joined in the bank's section order
    sections: dict[str, str]  # system design only, else empty
    key_points: list[str]  # one label per key point of the question, in the bank's order
    red_flags: list[str]  # red_flags.yaml keys, or "q<i>" for the question's own reviewer_notes.red_flags[i]

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def coverage(self) -> float:
        """Share of the key points covered, with `partly` counting half."""
        return sum(LABEL_SCORE.get(label, 0.0) for label in self.key_points) / max(len(self.key_points), 1)


@dataclass(frozen=True)
class EvalQuestion:
    slug: str
    round_kind: str  # the folder the file is in
    path: Path
    answers: list[EvalAnswer] = field(default_factory=list)

    def answer(self, kind: str) -> EvalAnswer:
        """The first answer of this kind (every file has at least one of each)."""
        return next(a for a in self.answers if a.kind == kind)


class EvalsetError(Exception):
    """A file that cannot be read at all (not YAML, not the expected shape)."""


def _answer_from(raw: Any, where: str, section_order: Iterable[str]) -> EvalAnswer:
    if not isinstance(raw, dict):
        raise EvalsetError(f"{where}: each answer must be a mapping")
    sections = raw.get("sections") or {}
    if not isinstance(sections, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sections.items()
    ):
        raise EvalsetError(f"{where}: sections must map a section key to its text")
    text = raw.get("text")
    if text is not None and not isinstance(text, str):
        raise EvalsetError(f"{where}: text must be text")
    if text is None:
        order = list(section_order)
        keys = sorted(sections, key=lambda k: order.index(k) if k in order else len(order))
        text = "\n\n".join(sections[k].strip() for k in keys)
    labels = raw.get("key_points")
    flags = raw.get("red_flags")
    if not isinstance(labels, list) or not isinstance(flags, list):
        raise EvalsetError(f"{where}: key_points and red_flags must be lists")
    return EvalAnswer(
        kind=str(raw.get("kind", "")),
        text=text.strip(),
        sections={k: v.strip() for k, v in sections.items()},
        key_points=[str(x) for x in labels],
        red_flags=[str(x) for x in flags],
    )


def load_evalset(root: Path = EVALSET_DIR, section_order: Iterable[str] = ()) -> list[EvalQuestion]:
    """Every `<round>/<slug>.yaml` under root, sorted by round then slug. `section_order` (the bank's design
    section keys) decides how a system design answer's sections are joined into its `text`."""
    order = list(section_order)
    items = []
    for path in sorted(Path(root).glob("*/*.yaml")):
        where = path.relative_to(root).as_posix()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise EvalsetError(f"{where}: invalid YAML: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
            raise EvalsetError(f"{where}: must be a mapping with `question` and a list of `answers`")
        answers = [_answer_from(raw, f"{where} answer {i}", order) for i, raw in enumerate(data["answers"])]
        items.append(EvalQuestion(str(data.get("question", "")), path.parent.name, path, answers))
    return items


def evalset_problems(
    items: list[EvalQuestion],
    *,
    questions: Mapping[str, Any],
    red_flag_keys: Iterable[str],
    design_keys: Iterable[str],
    min_questions: int = MIN_QUESTIONS,
) -> list[str]:
    """Everything wrong with the set against the bank, one line per problem."""
    bank = _BankView(set(red_flag_keys), set(design_keys))
    problems: list[str] = []
    seen: dict[str, str] = {}
    for item in items:
        where = f"{item.round_kind}/{item.path.name}"
        if item.slug in seen:
            problems.append(f"{where}: question {item.slug!r} is also labelled in {seen[item.slug]}")
        seen[item.slug] = where
        problems.extend(_item_problems(item, where, questions.get(item.slug), bank))
    rounds = {item.round_kind for item in items}
    if len(seen) < min_questions:
        problems.append(f"the set has {len(seen)} questions; at least {min_questions} are needed")
    problems.extend(f"no questions for the {r} round" for r in WRITTEN_ROUNDS if r not in rounds)
    return problems


@dataclass(frozen=True)
class _BankView:
    shared: set[str]  # red_flags.yaml keys
    sections: set[str]  # design section keys


def _item_problems(item: EvalQuestion, where: str, question: Any, bank: _BankView) -> list[str]:
    """One file's problems: where it is, the question it names, each answer, and the ordering of kinds."""
    problems = []
    if item.round_kind not in WRITTEN_ROUNDS:
        problems.append(f"{where}: folder {item.round_kind!r} is not a written round")
    if item.path.stem != item.slug:
        problems.append(f"{where}: file name must be the question slug {item.slug!r}")
    if question is None:
        return [*problems, f"{where}: no question {item.slug!r} in the bank"]
    if question.round_kind != item.round_kind:
        problems.append(f"{where}: {item.slug!r} is a {question.round_kind} question")
    if question.status != "published":
        problems.append(f"{where}: {item.slug!r} is {question.status}, not published")
    n_points = len(question.reviewer_notes.get("key_points", []))
    n_own = len(question.reviewer_notes.get("red_flags", []))
    kinds = [a.kind for a in item.answers]
    problems.extend(f"{where}: no {kind} answer" for kind in KINDS if kind not in kinds)
    for i, answer in enumerate(item.answers):
        at = f"{where} answer {i} ({answer.kind})"
        problems.extend(_shape_problems(answer, at, item.round_kind, bank.sections))
        problems.extend(_label_problems(answer, at, n_points))
        problems.extend(_flag_problems(answer, at, n_own, bank.shared))
    problems.extend(_ordering_problems(item, where, kinds))
    return problems


def _shape_problems(answer: EvalAnswer, at: str, round_kind: str, sections_allowed: set[str]) -> list[str]:
    """Kind, text and design sections."""
    problems = []
    if answer.kind not in KINDS:
        problems.append(f"{at}: kind must be one of {', '.join(KINDS)}")
    if not answer.text:
        problems.append(f"{at}: the answer is empty")
    if round_kind != "ml_system_design":
        if answer.sections:
            problems.append(f"{at}: only system design answers have sections")
        return problems
    if not answer.sections:
        problems.append(f"{at}: system design answers are written as `sections`, not `text`")
    allowed = ", ".join(sorted(sections_allowed))
    problems.extend(
        f"{at}: {key!r} is not a design section ({allowed})"
        for key in answer.sections
        if key not in sections_allowed
    )
    return problems


def _label_problems(answer: EvalAnswer, at: str, n_points: int) -> list[str]:
    """One valid label per key point, and labels that fit the kind."""
    problems = []
    if len(answer.key_points) != n_points:
        problems.append(f"{at}: {len(answer.key_points)} key-point labels; the question has {n_points}")
    problems.extend(
        f"{at}: key-point label {label!r} is not one of {', '.join(LABELS)}"
        for label in answer.key_points
        if label not in LABELS
    )
    if answer.kind == "off_topic" and any(label != "missing" for label in answer.key_points):
        problems.append(f"{at}: an off-topic answer covers no key point")
    if answer.kind == "buzzword" and "covered" in answer.key_points:
        problems.append(f"{at}: a buzzword answer explains nothing, so no key point is covered")
    return problems


def _flag_problems(answer: EvalAnswer, at: str, n_own: int, shared: set[str]) -> list[str]:
    """Valid flag keys, none twice, none on a clean answer, at least one on a red_flag answer."""
    problems = []
    for flag in answer.red_flags:
        own = OWN_FLAG_RE.match(flag)
        if own and int(own.group(1)) >= n_own:
            problems.append(
                f"{at}: {flag!r}: the question has {n_own} red flags of its own (q0..q{n_own - 1})"
            )
        elif not own and flag not in shared:
            problems.append(f"{at}: {flag!r} is neither a red_flags.yaml key nor q<index>")
    if len(set(answer.red_flags)) != len(answer.red_flags):
        problems.append(f"{at}: a red flag is listed twice")
    if answer.kind in CLEAN_KINDS and answer.red_flags:
        problems.append(f"{at}: {answer.kind} answers are clean and carry no red flags")
    if answer.kind == "red_flag" and not answer.red_flags:
        problems.append(f"{at}: a red_flag answer names the flag(s) it contains")
    return problems


def _ordering_problems(item: EvalQuestion, where: str, kinds: list[str]) -> list[str]:
    """The labels must agree with what each kind is: strong above partial above off-topic, and the strong
    answer longer than the buzzword list."""
    if not all(kind in kinds for kind in KINDS):
        return []
    strong, partial = item.answer("strong"), item.answer("partial")
    off_topic, buzzword = item.answer("off_topic"), item.answer("buzzword")
    problems = []
    if not strong.coverage > partial.coverage > off_topic.coverage:
        problems.append(
            f"{where}: coverage must fall from strong ({strong.coverage:.2f}) to partial "
            f"({partial.coverage:.2f}) to off_topic ({off_topic.coverage:.2f})"
        )
    if buzzword.coverage > partial.coverage:
        problems.append(f"{where}: the buzzword answer is labelled above the partial one")
    if strong.words <= buzzword.words:
        problems.append(
            f"{where}: the strong answer ({strong.words} words) must be longer than the buzzword one"
        )
    return problems
