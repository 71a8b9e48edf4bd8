"""Text handling without a model: sentences with offsets, content-word stems, and the buzzword detector."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", re.UNICODE)
# A sentence ends at . ! ? ; followed by a space (not inside 0.95 or e.g.), at a blank line, or where a
# new line starts a bullet. A single line break inside a paragraph is only wrapping.
_SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?;])\s+|\n\s*\n\s*|\n\s*(?:[-*\u2022]\s+|\d+[.)]\s+)|(?<=:)\s*\n\s*"
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = _word_set(
    """a an the of to in on at for from by with without into onto over under about as than then that this
    these those there here it its it's is are was were be been being am do does did done have has had having
    i me my we our us you your he she they them their his her which who whom whose what when where why how
    and or but nor so because since if unless until while although though whereas whether not no never
    can could would should will shall may might must also just only very more most less least too such
    each every any all some both either neither other another same own one ones up down out off again
    further once per via vs versus"""
)

# Words that say how or why something works: their presence separates an explanation from a list of terms.
MECHANISM_WORDS = _word_set(
    """because since so therefore thus hence which means meaning mean means causes cause caused leads lead
    leading results result makes make made prevents prevent avoid avoids reduces reduce increases increase
    lowers lower raises raise if when unless otherwise instead rather whereas while until by through
    compare compares compared measure measures measured split splits check checks estimate estimates
    correct corrects catch catches protects protect keeps keep tells tell shows show"""
)

STOPWORDS = FUNCTION_WORDS | _word_set(
    """e.g i.e etc like well really thing things something way ways lot lots get gets got use used uses
    using make makes good better best new first second also explains describes mentions names notes
    proposes candidate answer discuss discusses says states gives give"""
)

_NEGATION = re.compile(
    r"\b(?:not|never|no|don't|dont|doesn't|isn't|aren't|wasn't|won't|wouldn't|shouldn't|can't|cannot|avoid|"
    r"avoids|avoided|instead of|rather than|misleading|mistake|wrong|trap|pitfall|without leaking|"
    r"would be a mistake|beware|careful)\b",
    re.IGNORECASE,
)

_ENGLISH_HINTS = _word_set("the and of to is in that for it with as on are this be by we i")
# Frequent function words of German, French, Spanish, Italian, Portuguese and Dutch (none English words).
_OTHER_HINTS = _word_set(
    """der die das und ist nicht ich wir mit auf für den dem ein eine zu von sind wird le la les et est
    une des du que pour pas sur nous dans ce qui el los las y es en del por con una para lo il di che
    non della gli sono da um uma não os em het een ik niet van zijn wij ook"""
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    section: str = ""


def split_sentences(text: str, section: str = "") -> list[Sentence]:
    """Sentences (or bullet lines) with their character offsets in ``text``, blanks dropped."""
    out: list[Sentence] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        _add(out, text, pos, match.start(), section)
        pos = match.end()
    _add(out, text, pos, len(text), section)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, section: str) -> None:
    chunk = text[start:end]
    stripped = chunk.strip().lstrip("-*• ").strip()
    if len(WORD_RE.findall(stripped)) == 0:
        return
    offset = start + chunk.find(stripped)
    out.append(Sentence(stripped, offset, offset + len(stripped), section))


def words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in WORD_RE.findall(text)]


def stem(word: str) -> str:
    """Truncation stemming: the first five letters are enough to match calibrated/calibration."""
    return word[:5] if len(word) > 5 else word


def content_stems(text: str) -> list[str]:
    return [
        stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 2 or any(c.isdigit() for c in w))
    ]


def has_negation(text: str) -> bool:
    return bool(_NEGATION.search(text))


def english_share(text: str) -> float:
    """1.0 for text that reads as English; lower for other scripts or languages (a rough guess).

    A list of technical terms has almost no function words, so the guess compares English function words
    with those of other Latin-script languages rather than expecting prose."""
    ws = words(text)
    if not ws:
        return 1.0
    latin = sum(1 for w in ws if all("a" <= c <= "z" or c in "-'" or c.isdigit() for c in w)) / len(ws)
    english = sum(1 for w in ws if w in _ENGLISH_HINTS)
    other = sum(1 for w in ws if w in _OTHER_HINTS)
    if other > max(2, english):
        return min(latin, english / other)
    return latin


_HAND_WAVE = re.compile(
    r"\b(?:well[- ]known|classic|textbook|industry[- ]standard|standard (?:recipes?|approach|practice|solution)s?|"
    r"best practices?|out of the box|just (?:use|follow|pick|apply|plug)|will (?:fix|solve|handle) (?:it|this|the)|"
    r"goes away|(?:tools|libraries|frameworks|platforms?) (?:like|such as)|library has|key (?:terms|concepts)|"
    r"relevant concepts|it will be fine|handles (?:this|it|that)|covers? it|winning solutions?|"
    r"(?:matters|is critical|is key|is crucial|is essential)\.?$|"
    # the same move in a story: slogans where the actions and their effect should be
    r"star method|win-win|data-driven|psychological safety|stakeholder alignment|synerg\w*|"
    r"radical cando\w*|active listening|strong communicator|big believer|very thorough|"
    r"with confidence|worked out (?:well|great)|everything (?:was resolved|lined up|went (?:well|smoothly)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BuzzwordReading:
    is_buzzword: bool
    function_share: float
    list_items: int
    term_share: float
    mechanism: bool


def buzzword_reading(sentence: str, vocabulary: frozenset[str]) -> BuzzwordReading:
    """Is this sentence mostly technical terms named without saying how or why they work?

    Signals: few function words (an explanation needs articles, prepositions, verbs of mechanism), a list
    shape (commas, slashes, "and"), a high share of the question's own technical vocabulary, and no word of
    mechanism or causation. ``vocabulary`` is the set of content stems from the question's key points and
    notes, so "terms" means terms of this question.
    """
    ws = words(sentence)
    n = len(ws)
    if n < 4:
        return BuzzwordReading(n > 0 and _all_terms(ws, vocabulary), 0.0, 1, 1.0, False)
    function_share = sum(1 for w in ws if w in FUNCTION_WORDS) / n
    separators = sentence.count(",") + sentence.count("/") + sentence.count(";") + sentence.count("+")
    list_items = separators + 1
    content = [stem(w) for w in ws if w not in STOPWORDS]
    term_share = sum(1 for s in content if s in vocabulary) / max(1, len(content))
    mechanism = any(w in MECHANISM_WORDS for w in ws)
    # An item of a list is short: many items per word means the sentence is a list.
    listy = list_items >= 4 and n / list_items <= 4.5
    is_buzz = (function_share < 0.15 and not mechanism) or (listy and not mechanism and function_share < 0.3)
    is_buzz = is_buzz or (listy and function_share < 0.2 and term_share >= 0.5)
    # A long enumeration is a list whatever its verbs, unless it says how or why.
    is_buzz = is_buzz or (sentence.count(",") >= 5 and not mechanism)
    # Mostly short items between commas and "and": an enumeration, whatever verbs sit between the items.
    is_buzz = is_buzz or _enumeration(sentence, n)
    # A short claim naming terms with no how or why ("Dropout is a stochastic regulariser.").
    is_buzz = is_buzz or (n <= 8 and not mechanism and term_share >= 0.4)
    # Pointing at authority or tools instead of explaining ("the standard recipes cover it").
    is_buzz = is_buzz or bool(_HAND_WAVE.search(sentence))
    return BuzzwordReading(is_buzz, function_share, list_items, term_share, mechanism)


_ITEM_SPLIT = re.compile(r"[,;/]|\band\b|\bor\b|\+", re.IGNORECASE)


def _enumeration(sentence: str, n: int) -> bool:
    """Six or more items of at most four words, or four holding at least 30% of the sentence's words."""
    sizes = [len(WORD_RE.findall(part)) for part in _ITEM_SPLIT.split(sentence)]
    short = [k for k in sizes if 0 < k <= 4]
    return len(short) >= 6 or (len(short) >= 4 and sum(short) >= 0.3 * n)


def _all_terms(ws: list[str], vocabulary: frozenset[str]) -> bool:
    content = [stem(w) for w in ws if w not in STOPWORDS]
    return bool(content) and all(s in vocabulary for s in content)
