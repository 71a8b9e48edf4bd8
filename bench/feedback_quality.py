"""`make bench`: the automatic feedback's quality against the hand-labelled set in bench/feedback_eval/.

Prints, over every labelled answer (format: docs/feedback.md, "Evaluation set"):
- key-point F1: a key point counts as hit when labelled covered or partly; also the F1 for "covered" alone
  and the three-class accuracy, so nothing hides behind one definition;
- ordering: the share of correctly ordered pairs strong > partial > off_topic (and strong > off_topic) by
  overall score, within each question;
- buzzword answers: how many are read "strong", and how many score above the same question's partial answer;
- red flags: recall over labelled flags, and the share of clean answers (no label) with any flag reported.
Run alone with `python bench/feedback_quality.py [--verbose]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.feedback import ENGINE_VERSION, AnswerInput, QuestionInput, RedFlagDef, analyse  # noqa: E402
from scoring.feedback.bankfile import load_question, load_red_flags  # noqa: E402

EVAL_DIR = ROOT / "bench" / "feedback_eval"
HOLDOUT_DIR = ROOT / "bench" / "feedback_eval_holdout"
SETS = {"dev": EVAL_DIR, "held-out": HOLDOUT_DIR}
BANK = ROOT / "questionbank" / "bank"
ORDER = ["strong", "partial", "off_topic"]


@dataclass
class Metrics:
    answers: int = 0
    questions: int = 0
    kp_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (label, predicted)
    pairs: int = 0
    pairs_ok: int = 0
    buzzword: int = 0
    buzzword_strong: int = 0
    buzzword_above_partial: int = 0
    flags_labelled: int = 0
    flags_found: int = 0
    clean: int = 0
    clean_flagged: int = 0
    flag_reports: int = 0
    flag_reports_wrong: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def f1(self, positive: set[str]) -> float:
        tp = sum(n for (lab, pred), n in self.kp_confusion.items() if lab in positive and pred in positive)
        fp = sum(
            n for (lab, pred), n in self.kp_confusion.items() if lab not in positive and pred in positive
        )
        fn = sum(
            n for (lab, pred), n in self.kp_confusion.items() if lab in positive and pred not in positive
        )
        return 2 * tp / max(1, 2 * tp + fp + fn)

    @property
    def kp_accuracy(self) -> float:
        total = sum(self.kp_confusion.values())
        return sum(n for (lab, pred), n in self.kp_confusion.items() if lab == pred) / max(1, total)

    def as_dict(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "questions": self.questions,
            "kp_f1_hit": round(self.f1({"covered", "partly"}), 3),
            "kp_f1_covered": round(self.f1({"covered"}), 3),
            "kp_accuracy_3class": round(self.kp_accuracy, 3),
            "ordering": round(self.pairs_ok / max(1, self.pairs), 3),
            "pairs": self.pairs,
            "buzzword_answers": self.buzzword,
            "buzzword_read_strong": self.buzzword_strong,
            "buzzword_above_partial_answer": self.buzzword_above_partial,
            "red_flag_recall": round(self.flags_found / max(1, self.flags_labelled), 3),
            "red_flags_labelled": self.flags_labelled,
            "clean_answers": self.clean,
            "clean_false_positive_rate": round(self.clean_flagged / max(1, self.clean), 3),
            "flag_reports_not_labelled": f"{self.flag_reports_wrong}/{self.flag_reports}",
        }


def eval_files(root: Path = EVAL_DIR) -> list[Path]:
    return sorted(root.glob("*/*.yaml"))


def evaluate(files: list[Path] | None = None, verbose: bool = False) -> Metrics:
    shared = load_red_flags(BANK / "red_flags.yaml")
    metrics = Metrics()
    for path in files if files is not None else eval_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = load_question(BANK / "questions" / path.parent.name / f"{data['question']}.md")
        metrics.questions += 1
        overall_by_kind: dict[str, list[float]] = {}
        for entry in data["answers"]:
            overall = _score_answer(metrics, data["question"], question, entry, shared, verbose)
            overall_by_kind.setdefault(entry["kind"], []).append(overall)
        _score_ordering(metrics, data["question"], overall_by_kind, verbose)
    return metrics


def _score_answer(
    metrics: Metrics,
    slug: str,
    question: QuestionInput,
    entry: dict[str, Any],
    shared: list[RedFlagDef],
    verbose: bool,
) -> float:
    """Analyse one labelled answer and count its key points and red flags; returns its overall score."""
    if "sections" in entry:
        answer = AnswerInput(sections={k: str(v or "") for k, v in entry["sections"].items()})
    else:
        answer = AnswerInput(text=str(entry.get("text") or ""))
    start = time.perf_counter()
    result = analyse(question, answer, shared)
    metrics.seconds.append(time.perf_counter() - start)
    metrics.answers += 1
    kind = entry["kind"]
    labels = entry.get("key_points") or []
    for k, label in enumerate(labels[: len(result.key_points)]):
        predicted = result.key_points[k].status
        metrics.kp_confusion[(label, predicted)] += 1
        if verbose and label != predicted:
            metrics.misses.append(
                f"{slug} {kind} kp{k}: label {label}, read {predicted} ({result.key_points[k].score:.2f})"
            )
    wanted = set(entry.get("red_flags") or [])
    found = {f.slug for f in result.red_flags}
    metrics.flags_labelled += len(wanted)
    metrics.flags_found += len(wanted & found)
    metrics.flag_reports += len(found)
    metrics.flag_reports_wrong += len(found - wanted)
    if not wanted:
        metrics.clean += 1
        metrics.clean_flagged += bool(found)
    if verbose and (wanted - found or found - wanted):
        evidence = {f.slug: f.evidence.text[:90] for f in result.red_flags}
        metrics.misses.append(
            f"{slug} {kind} flags: labelled {sorted(wanted)}, found {sorted(found)} {evidence}"
        )
    if kind == "buzzword":
        metrics.buzzword += 1
        metrics.buzzword_strong += result.level == "strong"
    return result.overall or 0.0


def _score_ordering(
    metrics: Metrics, slug: str, overall_by_kind: dict[str, list[float]], verbose: bool
) -> None:
    """Pairs strong > partial > off_topic within one question, and buzzword answers above a partial one."""
    for i, better in enumerate(ORDER):
        for worse in ORDER[i + 1 :]:
            for a in overall_by_kind.get(better, []):
                for b in overall_by_kind.get(worse, []):
                    metrics.pairs += 1
                    metrics.pairs_ok += a > b
                    if verbose and a <= b:
                        metrics.misses.append(f"{slug} order: {better} {a:.2f} <= {worse} {b:.2f}")
    partial = overall_by_kind.get("partial", [])
    for b in overall_by_kind.get("buzzword", []):
        metrics.buzzword_above_partial += bool(partial) and b > min(partial)


def _rows(m: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(name, figure, target, met or None) for one set's metrics."""
    return [
        (
            "key-point F1 (hit = covered or partly)",
            f"{m['kp_f1_hit']:.3f}",
            ">= 0.80",
            m["kp_f1_hit"] >= 0.80,
        ),
        ("key-point F1 (covered only)", f"{m['kp_f1_covered']:.3f}", "", None),
        ("key-point 3-class accuracy", f"{m['kp_accuracy_3class']:.3f}", "", None),
        (
            "ordered pairs strong>partial>off_topic",
            f"{m['ordering']:.3f} of {m['pairs']}",
            ">= 0.95",
            m["ordering"] >= 0.95,
        ),
        (
            "buzzword answers read strong",
            f"{m['buzzword_read_strong']} of {m['buzzword_answers']}",
            "0",
            m["buzzword_read_strong"] == 0,
        ),
        ("buzzword answers above the partial one", str(m["buzzword_above_partial_answer"]), "", None),
        (
            "red-flag recall",
            f"{m['red_flag_recall']:.3f} of {m['red_flags_labelled']}",
            ">= 0.90",
            m["red_flag_recall"] >= 0.90,
        ),
        (
            "clean answers with a flag (FP rate)",
            f"{m['clean_false_positive_rate']:.3f} of {m['clean_answers']}",
            "<= 0.05",
            m["clean_false_positive_rate"] <= 0.05,
        ),
        ("flag reports not labelled", m["flag_reports_not_labelled"], "", None),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true", help="list every disagreement with the labels")
    parser.add_argument(
        "--set", choices=sorted(SETS), action="append", help="only this set (default: every set present)"
    )
    args = parser.parse_args()
    chosen = [name for name in SETS if (args.set is None or name in args.set) and eval_files(SETS[name])]
    if not chosen:
        print(f"No evaluation set in {', '.join(str(d) for d in SETS.values())}")
        return 1
    results = {name: evaluate(eval_files(SETS[name]), verbose=args.verbose) for name in chosen}
    if args.verbose:
        for name, metrics in results.items():
            print(f"--- {name}")
            print("\n".join(metrics.misses))
    dicts = {name: metrics.as_dict() for name, metrics in results.items()}
    print(f"engine {ENGINE_VERSION}")
    print(f"  {'':40} " + " ".join(f"{name:>22}" for name in chosen))
    print(
        f"  {'answers / questions':40} "
        + " ".join(f"{dicts[n]['answers']:>14} / {dicts[n]['questions']:>3}   " for n in chosen)
    )
    table = {name: _rows(dicts[name]) for name in chosen}
    for i, (row_name, _, target, _) in enumerate(table[chosen[0]]):
        cells = []
        for name in chosen:
            _, figure, _, met = table[name][i]
            mark = "" if met is None else (" ok" if met else " NO")
            cells.append(f"{figure + mark:>22}")
        suffix = f"   (target {target})" if target else ""
        print(f"  {row_name:<40} " + " ".join(cells) + suffix)
    for name in chosen:
        conf = results[name].kp_confusion
        print(
            f"  {name} confusion (label -> read): "
            + ", ".join(f"{a}->{b} {n}" for (a, b), n in sorted(conf.items()))
        )
    print(
        "  dev: the set the engine's thresholds and phrases were tuned on (optimistic); held-out: written "
        "blind to the engine, never tuned on."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
