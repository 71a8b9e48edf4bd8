"""The answer analysis engine: one answer to one question version in, an ``Analysis`` out.

How a key point is judged (docs/feedback.md has the full story):
- the answer is split into sentences; each sentence is compared with each key point twice, by meaning
  (cosine of MiniLM sentence embeddings) and by words (how many of the key point's content words the
  sentence and its neighbour use);
- a sentence the buzzword detector reads as a list of terms with no explanation counts for little, so
  naming "calibration, AUC, log loss" does not cover a key point about why calibration matters;
- the best sentence is the evidence; its score decides covered / partly / missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .embedding import Embedder, get_embedder
from .redflag_cues import CUE_RES, FAMILY_WORDS, OWN_CUES, WARNED, WARNING, flat
from .text import (
    Sentence,
    buzzword_reading,
    content_stems,
    english_share,
    split_sentences,
    words,
)
from .types import (
    Analysis,
    AnswerInput,
    Evidence,
    KeyPointResult,
    QuestionInput,
    RedFlagDef,
    RedFlagResult,
)

ENGINE_VERSION = "minilm-qdyn-3"  # key points and own red flags matched against curators' examples too
MAX_WORDS = 1500  # words analysed per answer (all sections together); the rest is reported, not read
MAX_SENTENCES = 200

# Weights and thresholds, tuned on bench/feedback_eval (bench/feedback_quality.py prints the effect).
SEMANTIC_WEIGHT = 0.6
SEM_FLOOR, SEM_SPAN = 0.20, 0.45  # cosine 0.20 -> 0, 0.65 -> 1
# Behavioural and deep-dive key points describe what a good story shows ("a concrete cost of the status
# quo"), and a first-person story says it in its own terms, so matches run lower there: scaled up so the
# same thresholds apply (factor fitted on the evaluation set's story rounds).
ROUND_SCALE = {"behavioural": 2.5, "project_deep_dive": 2.5}
# Matches against the curators' "said well" examples, per round ("" for the others): the examples are in the
# candidate's voice already, so story rounds need no ROUND_SCALE-like lift.
EXAMPLE_SCALE = {"": 0.9}
BUZZWORD_FACTOR = 0.35  # what a sentence of bare terms is worth next to an explanation
COVERED_AT, PARTLY_AT = 0.62, 0.46
FOLLOW_UP_AT = 0.59  # a follow-up of the deep-dive ladder counts as addressed
STRONG_AT, PARTIAL_AT = 0.55, 0.30
OWN_FLAG_MARGIN, OWN_FLAG_CONTRAST = 0.40, 0.5
# A sentence says an own flag when it is closer to the flag's example than to anything right, by a margin.
EXAMPLE_CONTRAST, EXAMPLE_MARGIN, EXAMPLE_FLOOR = 1.0, 0.15, 0.65
OWN_FLAG_LINK = 0.55  # an own flag this close to a shared flag is found by that flag's phrases too
_RUBRIC_FRAME = re.compile(
    r"^(?:(?:the )?(?:candidate|answer|result|story) )?(?:clearly |explicitly |also )?(?:explains|describes|"
    r"identifies|mentions|names|states|shows|reports|reflects(?: on)?|proposes|gives|notes|recognises|"
    r"recognizes|discusses|uses|chooses|frames|says|acknowledges|considers|takes|owns|quantifies|"
    r"distinguishes|compares)\s+(?:that\s+|how\s+|why\s+|what\s+)?",
    re.IGNORECASE,
)
_META_VERB = re.compile(
    r"^(?:says|claims|thinks|believes|proposes|recommends|uses|treats|calls|reports|assumes|suggests|"
    r"states|argues|insists)\s+(?:that\s+)?",
    re.IGNORECASE,
)
FLAG_PENALTY, FLAG_PENALTY_CAP = 0.08, 0.24
BUZZWORD_ANSWER_MOSTLY = 0.5  # above this share of words in bare lists, every sentence counts like one
# Above this share of words in bare lists, the answer is capped at partial (dev set: every buzzword answer
# reads 0.43 or more; a few strong ones, which enumerate what they check, 0.27-0.46).
BUZZWORD_ANSWER_SHARE = 0.35

STAR_PARTS = {
    "situation": (
        "The situation: where I was working, the team, the project and the problem we faced at the time.",
        r"\b(?:at my (?:previous|last|current|old) (?:job|company|role|team)|when i (?:was|worked)|"
        r"we (?:had|were)|the (?:context|situation|background) was|a few years ago|last year|"
        r"in my (?:previous|last|current) (?:role|job|team))\b",
    ),
    "task": (
        "My task: what I was responsible for, the goal I had to reach and why it mattered.",
        r"\b(?:my (?:goal|task|job|role|responsibility) was|i was (?:responsible|asked|tasked|in charge)|"
        r"i (?:needed|had) to|the goal was|we needed to|i owned)\b",
    ),
    "action": (
        "The actions I personally took, step by step, and the decisions I made and why.",
        r"\b(?:i (?:decided|proposed|built|wrote|set up|talked|met|organised|organized|ran|designed|"
        r"analysed|analyzed|suggested|started|asked|created|led|scheduled|pushed|reviewed|shared|agreed)|"
        r"first,? i|then i|so i)\b",
    ),
    "result": (
        "The result: what changed, measured with numbers, and what I learned from it.",
        r"\b(?:as a result|in the end|the result|the outcome|we (?:reduced|cut|increased|improved|shipped|"
        r"launched|saved)|(?:reduced|cut|increased|improved|dropped|grew) .{0,40}\d|\d+\s?%|i learned|"
        r"i learnt|since then|looking back)\b",
    ),
}


def analyse(
    question: QuestionInput,
    answer: AnswerInput,
    shared_red_flags: Sequence[RedFlagDef] = (),
    embedder: Embedder | None = None,
) -> Analysis:
    """Analyse one answer. An empty answer gives status "empty" and no score (never a zero)."""
    result = Analysis(engine=ENGINE_VERSION, status="analysed")
    parts = answer.parts()
    total_words = sum(len(words(text)) for _, text in parts)
    result.words = total_words
    if total_words == 0:
        result.status = "empty"
        result.message = "Nothing to analyse: the answer is empty."
        result.add_next_time = list(question.key_points)
        return result

    sentences = _sentences(parts, result)
    all_text = " ".join(s.text for s in sentences)
    share = english_share(all_text)
    if share < 0.5:
        result.notes.append(
            "The answer does not look like English; the analysis is built for English and may miss points."
        )

    vocabulary = frozenset(
        s
        for text in [*question.key_points, *(sec.notes for sec in question.sections)]
        for s in content_stems(text)
    )
    readings = [buzzword_reading(s.text, vocabulary) for s in sentences]
    # The detector reads English function words: on other languages it would call everything a list.
    buzz = np.array([r.is_buzzword and share >= 0.5 for r in readings], dtype=bool)
    sentence_words = np.array([len(words(s.text)) for s in sentences], dtype=float)
    result.buzzword_share = round(float(sentence_words[buzz].sum() / max(1.0, sentence_words.sum())), 3)

    embedder = embedder or get_embedder()
    answer_vecs = embedder.embed([s.text for s in sentences])
    stems = [set(content_stems(s.text)) for s in sentences]
    windows = _windows(sentences, stems)

    # Key points.
    kp_scores = np.zeros(len(question.key_points))
    if question.key_points:
        # Key points are written about the candidate ("Explains that...", "Result reports..."); the answer
        # says the thing itself, so the point is compared without its rubric framing.
        points = [_RUBRIC_FRAME.sub("", kp) or kp for kp in question.key_points]
        matrix = _point_matrix(points, answer_vecs, windows, sentences, embedder)
        matrix = np.minimum(1.0, matrix * ROUND_SCALE.get(question.round_kind, 1.0))
        # The curators' "said well" version of each point is in the candidate's voice: an answer saying the
        # same thing matches it more closely than the reviewer's shorthand.
        said = _aligned(question.key_point_examples, len(points))
        rows = [k for k, text in enumerate(said) if text]
        if rows:
            by_example = _point_matrix([said[k] for k in rows], answer_vecs, windows, sentences, embedder)
            scale = EXAMPLE_SCALE.get(question.round_kind, EXAMPLE_SCALE[""])
            matrix[rows] = np.maximum(matrix[rows], np.minimum(1.0, by_example * scale))
        adjusted = np.where(buzz[None, :], matrix * BUZZWORD_FACTOR, matrix)
        if result.buzzword_share >= BUZZWORD_ANSWER_MOSTLY:
            # An answer made mostly of bare terms: its few sentences around the lists are slogans, not
            # explanations ("The result was a win-win"), so they count like the lists.
            adjusted = matrix * BUZZWORD_FACTOR
        for k, text in enumerate(question.key_points):
            best = int(np.argmax(adjusted[k]))
            score = float(adjusted[k, best])
            kp_scores[k] = score
            status = "covered" if score >= COVERED_AT else "partly" if score >= PARTLY_AT else "missing"
            raw_best = int(np.argmax(matrix[k]))
            buzz_only = (
                bool(buzz[raw_best]) and float(matrix[k, raw_best]) >= PARTLY_AT and status != "covered"
            )
            evidence = _evidence(sentences[best]) if status != "missing" else None
            result.key_points.append(KeyPointResult(text, status, round(score, 3), evidence, buzz_only))
        result.add_next_time = [kp.text for kp in result.key_points if kp.status != "covered"]

    result.red_flags = _red_flags(question, shared_red_flags, sentences, answer_vecs, embedder, buzz)
    result.structure = _structure(question, answer, sentences, answer_vecs, windows, embedder)

    overall = float(kp_scores.mean()) if len(kp_scores) else _fallback_overall(result.structure)
    overall -= min(FLAG_PENALTY_CAP, FLAG_PENALTY * len(result.red_flags))
    if result.buzzword_share >= BUZZWORD_ANSWER_SHARE:
        overall = min(overall, STRONG_AT - 0.05)
        result.notes.append(
            "Much of the answer lists terms without explaining them; say how and why each one works."
        )
    result.overall = round(min(1.0, max(0.0, overall)), 3)
    result.level = (
        "strong" if result.overall >= STRONG_AT else "partial" if result.overall >= PARTIAL_AT else "weak"
    )
    result.confidence = _confidence(total_words, share, len(question.key_points), result.truncated)
    return result


def _sentences(parts: list[tuple[str, str]], result: Analysis) -> list[Sentence]:
    out: list[Sentence] = []
    budget = MAX_WORDS
    for section, text in parts:
        for sentence in split_sentences(text, section):
            n = len(words(sentence.text))
            if budget <= 0 or len(out) >= MAX_SENTENCES:
                result.truncated = True
                result.notes.insert(
                    0,
                    f"Only the first {MAX_WORDS} words (at most {MAX_SENTENCES} sentences) were analysed; "
                    f"the answer has {result.words} words.",
                )
                return out
            out.append(sentence)
            budget -= n
    return out


def _windows(sentences: list[Sentence], stems: list[set[str]]) -> list[set[str]]:
    """Each sentence's stems plus the next sentence's in the same section: a point often spans two."""
    out = []
    for i, own in enumerate(stems):
        nxt = (
            stems[i + 1] if i + 1 < len(stems) and sentences[i + 1].section == sentences[i].section else set()
        )
        out.append(own | nxt)
    return out


def _lexical(target: str, windows: list[set[str]]) -> np.ndarray:
    wanted = set(content_stems(target))
    if not wanted:
        return np.zeros(len(windows))
    return np.array([len(wanted & w) / len(wanted) for w in windows])


def _match_matrix(
    target_vecs: np.ndarray, answer_vecs: np.ndarray, targets: list[str], windows: list[set[str]]
) -> np.ndarray:
    """targets x sentences, 0..1: meaning and shared words together."""
    cosine = target_vecs @ answer_vecs.T
    semantic = np.clip((cosine - SEM_FLOOR) / SEM_SPAN, 0.0, 1.0)
    lexical = np.stack([_lexical(t, windows) for t in targets]) if targets else np.zeros_like(semantic)
    combined: np.ndarray = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * np.minimum(1.0, lexical * 1.4)
    return combined


def _point_matrix(
    texts: list[str],
    answer_vecs: np.ndarray,
    windows: list[set[str]],
    sentences: list[Sentence],
    embedder: Embedder,
) -> np.ndarray:
    """texts x sentences: each text against each sentence alone and each sentence with its next one."""
    vecs = embedder.embed_cached(texts)
    matrix: np.ndarray = np.maximum(
        _match_matrix(vecs, answer_vecs, texts, windows),
        _pair_matrix(vecs, answer_vecs, texts, windows, sentences),
    )
    return matrix


def _pair_matrix(
    target_vecs: np.ndarray,
    answer_vecs: np.ndarray,
    targets: list[str],
    windows: list[set[str]],
    sentences: list[Sentence],
) -> np.ndarray:
    """Like ``_match_matrix`` for each sentence read together with the next one of its section (the mean of
    their vectors): a point made over two sentences matches neither alone. Scored on the first of the two."""
    out = np.zeros((len(targets), len(sentences)))
    pairs = [i for i in range(len(sentences) - 1) if sentences[i].section == sentences[i + 1].section]
    if not pairs or not targets:
        return out
    summed = answer_vecs[pairs] + answer_vecs[[i + 1 for i in pairs]]
    pair_vecs = summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)
    out[:, pairs] = _match_matrix(target_vecs, pair_vecs, targets, [windows[i] for i in pairs])
    return out


def _evidence(sentence: Sentence) -> Evidence:
    return Evidence(sentence.text, sentence.section, sentence.start, sentence.end)


def _red_flags(
    question: QuestionInput,
    shared: Sequence[RedFlagDef],
    sentences: list[Sentence],
    answer_vecs: np.ndarray,
    embedder: Embedder,
    buzz: np.ndarray,
) -> list[RedFlagResult]:
    found: list[RedFlagResult] = []
    # The shared list: specific phrases per flag (redflag_cues.py).
    flat_texts = [flat(s.text) for s in sentences]
    cue_hits: dict[str, int] = {}
    for flag in shared:
        pattern = CUE_RES.get(flag.slug)
        hit = next((i for i, t in enumerate(flat_texts) if pattern.search(t)), None) if pattern else None
        if hit is not None:
            cue_hits[flag.slug] = hit
            found.append(RedFlagResult(flag.slug, flag.text, _evidence(sentences[hit]), own=False))
    if question.red_flags and sentences:
        for slug, pattern in OWN_CUES.items():
            own_hit = next(
                (
                    i
                    for i, t in enumerate(flat_texts)
                    if pattern.search(t) and not (slug in WARNED and WARNING.search(t))
                ),
                None,
            )
            if own_hit is not None:
                cue_hits[slug] = own_hit
        found.extend(_own_red_flags(question, shared, sentences, answer_vecs, embedder, cue_hits, buzz))
    return found


def _own_red_flags(
    question: QuestionInput,
    shared: Sequence[RedFlagDef],
    sentences: list[Sentence],
    answer_vecs: np.ndarray,
    embedder: Embedder,
    cue_hits: dict[str, int],
    buzz: np.ndarray,
) -> list[RedFlagResult]:
    """The question's own red flags, found two ways.

    - By the shared list's phrases: many own flags restate a shared one in the question's terms ("All causes
      external" is blaming others); an own flag close in meaning to a shared flag whose phrases matched is
      reported with that sentence.
    - By meaning: an own flag describing a wrong claim on the question's topic is close to a correct answer
      too, so a sentence says the wrong claim when it is close to the flag (worded as a claim, "Says that"
      removed) and clearly closer to it than to what the key points and notes say (sentences read as
      bare terms are left out: "Dropout is a stochastic regulariser." is near every dropout claim).
    """
    claims = [_META_VERB.sub("", flag) for flag in question.red_flags]
    flag_vecs = embedder.embed_cached(claims)
    by_cue: dict[int, int] = {}
    linked = [f for f in shared if f.slug in cue_hits]
    link = flag_vecs @ embedder.embed_cached([f.text for f in linked]).T if linked else None
    column = {f.slug: k for k, f in enumerate(linked)}
    for j, flag_text in enumerate(question.red_flags):
        for slug, hit in cue_hits.items():
            words_say = FAMILY_WORDS.get(slug)
            close = link is not None and slug in column and float(link[j, column[slug]]) >= OWN_FLAG_LINK
            if close or (words_say is not None and words_say.search(flag_text)):
                by_cue[j] = hit
                break
    # What a right answer says: the key points, said well where curators wrote it, and the design notes.
    reference = [
        *question.key_points,
        *(said for said in question.key_point_examples if said),
        *(sec.notes for sec in question.sections if sec.notes),
    ]
    closest_right = (
        (embedder.embed_cached(reference) @ answer_vecs.T).max(axis=0)
        if reference
        else np.zeros(len(sentences))
    )
    margin = flag_vecs @ answer_vecs.T - OWN_FLAG_CONTRAST * closest_right[None, :]
    # How each flag sounds (the curators' examples): closer to a sentence than anything right is.
    sounds = _example_similarity(
        _aligned(question.red_flag_examples, len(question.red_flags)), answer_vecs, embedder
    )
    said = sounds - EXAMPLE_CONTRAST * closest_right[None, :]
    said[sounds < EXAMPLE_FLOOR] = -1.0
    # A bare list of terms claims nothing: its closeness to a wrong claim is closeness of topic.
    margin[:, buzz] = -1.0
    said[:, buzz] = -1.0
    found = []
    for j, flag_text in enumerate(question.red_flags):
        pick = by_cue.get(j)
        if pick is None and float(said[j].max()) >= EXAMPLE_MARGIN:
            pick = int(np.argmax(said[j]))
        if pick is None and float(margin[j].max()) >= OWN_FLAG_MARGIN:
            pick = int(np.argmax(margin[j]))
        if pick is not None:
            found.append(RedFlagResult(f"q{j}", flag_text, _evidence(sentences[pick]), own=True))
    return found


def _aligned(examples: Sequence[str], n: int) -> list[str]:
    """One example per item ("" for none), whatever the caller gave: the bank aligns them, hand-built inputs may not."""
    return [examples[i] if i < len(examples) else "" for i in range(n)]


def _example_similarity(examples: Sequence[str], answer_vecs: np.ndarray, embedder: Embedder) -> np.ndarray:
    """flags x sentences: each sentence's closeness to the nearest sentence of the flag's example (-1 where a
    flag has none). An example may give two phrasings; the better one counts."""
    out = np.full((len(examples), len(answer_vecs)), -1.0)
    parts = [(j, part) for j, text in enumerate(examples) for part in _NOTE_SPLIT.split(text.strip()) if part]
    if not parts or not len(answer_vecs):
        return out
    cosine = embedder.embed_cached([part for _, part in parts]) @ answer_vecs.T
    for row, (j, _) in enumerate(parts):
        out[j] = np.maximum(out[j], cosine[row])
    return out


def _structure(
    question: QuestionInput,
    answer: AnswerInput,
    sentences: list[Sentence],
    answer_vecs: np.ndarray,
    windows: list[set[str]],
    embedder: Embedder,
) -> dict[str, object]:
    kind = question.round_kind
    if kind == "behavioural":
        return {"star": _star(sentences, answer_vecs, embedder)}
    if kind == "ml_system_design" and question.sections:
        return {"sections": _design_sections(question, answer, sentences, answer_vecs, windows, embedder)}
    if kind == "project_deep_dive" and question.follow_ups:
        matrix = _match_matrix(
            embedder.embed_cached(list(question.follow_ups)), answer_vecs, list(question.follow_ups), windows
        )
        ladder = []
        for k, text in enumerate(question.follow_ups):
            best = int(np.argmax(matrix[k])) if sentences else 0
            addressed = bool(sentences) and float(matrix[k, best]) >= FOLLOW_UP_AT
            ladder.append(
                {
                    "text": text,
                    "addressed": addressed,
                    "evidence": _evidence(sentences[best]).__dict__ if addressed else None,
                }
            )
        return {"follow_ups": ladder, "open_follow_ups": [f["text"] for f in ladder if not f["addressed"]]}
    return {}


def _star(sentences: list[Sentence], answer_vecs: np.ndarray, embedder: Embedder) -> list[dict[str, object]]:
    names = list(STAR_PARTS)
    vecs = embedder.embed_cached([STAR_PARTS[n][0] for n in names])
    cosine = vecs @ answer_vecs.T
    out = []
    for k, name in enumerate(names):
        pattern = re.compile(STAR_PARTS[name][1], re.IGNORECASE)
        cue = next((i for i, s in enumerate(sentences) if pattern.search(s.text)), None)
        best = int(np.argmax(cosine[k]))
        present = cue is not None or float(cosine[k, best]) >= 0.35
        pick = cue if cue is not None else best
        out.append(
            {
                "part": name,
                "present": present,
                "evidence": _evidence(sentences[pick]).__dict__ if present else None,
            }
        )
    return out


_NOTE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _design_sections(
    question: QuestionInput,
    answer: AnswerInput,
    sentences: list[Sentence],
    answer_vecs: np.ndarray,
    windows: list[set[str]],
    embedder: Embedder,
) -> list[dict[str, object]]:
    out = []
    for section in question.sections:
        idx = [i for i, s in enumerate(sentences) if s.section == section.key]
        text = answer.sections.get(section.key, "")
        seconds = int(answer.seconds.get(section.key, 0))
        notes = [n for n in _NOTE_SPLIT.split(section.notes.strip()) if n] if section.notes else []
        coverage = 0.0
        if idx and notes:
            matrix = _match_matrix(
                embedder.embed_cached(notes), answer_vecs[idx], notes, [windows[i] for i in idx]
            )
            coverage = float(np.mean(np.sort(matrix.max(axis=1))[::-1][: max(1, (len(notes) + 1) // 2)]))
        status = "missing" if not idx else "covered" if coverage >= COVERED_AT else "partly"
        time = None
        if section.budget_seconds:
            ratio = seconds / section.budget_seconds
            time = "over" if ratio > 1.5 else "under" if ratio < 0.4 else "on budget"
        out.append(
            {
                "key": section.key,
                "title": section.title,
                "words": len(words(text)),
                "coverage": round(coverage, 3),
                "status": status,
                "seconds_spent": seconds,
                "budget_seconds": section.budget_seconds,
                "time": time,
            }
        )
    return out


def _fallback_overall(structure: dict[str, object]) -> float:
    """A question without key points is scored on its structure alone (rare: the bank requires them)."""
    sections = structure.get("sections")
    if isinstance(sections, list) and sections:
        return float(np.mean([float(s["coverage"]) for s in sections]))
    star = structure.get("star")
    if isinstance(star, list) and star:
        return sum(1 for p in star if p["present"]) / len(star) * 0.7
    return 0.3


def _confidence(total_words: int, english: float, key_points: int, truncated: bool) -> float:
    """How far to trust the read: short answers, few key points, non-English text and cut answers lower it."""
    length = 0.4 + 0.6 * min(1.0, total_words / 150)
    points = 1.0 if key_points >= 3 else 0.85
    value = 0.85 * length * points * max(0.3, english) * (0.85 if truncated else 1.0)
    return round(value, 2)
