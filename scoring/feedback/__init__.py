"""Instant feedback on written answers: the answer analysis engine (docs/feedback.md).

Plain Python, no Django: ``analyse(question, answer)`` reads one question version's data and one answer and
returns key-point coverage with evidence, red flags, round-specific structure and an overall score. The
sentence-embedding model (``embedding.py``) loads lazily, once per process, on the first analysis.
"""

from .engine import ENGINE_VERSION, MAX_WORDS, analyse
from .types import Analysis, AnswerInput, QuestionInput, RedFlagDef, SectionInput

__all__ = [
    "ENGINE_VERSION",
    "MAX_WORDS",
    "Analysis",
    "AnswerInput",
    "QuestionInput",
    "RedFlagDef",
    "SectionInput",
    "analyse",
]
