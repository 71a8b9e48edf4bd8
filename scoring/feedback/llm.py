"""Optional richer feedback from an OpenAI-compatible chat endpoint the deployment already runs.

Off unless FEEDBACK_LLM_URL is set (nothing leaves the machine otherwise). The offline engine always runs
first; the language model's reply is added under ``"llm"`` only when it arrives in time and passes
validation, so any failure (no answer, timeout, bad JSON, wrong shape) leaves the offline read in place.

Environment: FEEDBACK_LLM_URL (the base URL, e.g. http://127.0.0.1:8080/v1, or a full
.../chat/completions URL), FEEDBACK_LLM_MODEL, FEEDBACK_LLM_API_KEY (optional), FEEDBACK_LLM_TIMEOUT
(seconds, default 20).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .engine import analyse
from .types import AnswerInput, QuestionInput, RedFlagDef

logger = logging.getLogger(__name__)
STATUSES = ("covered", "partly", "missing")
MAX_SUMMARY = 2000


@dataclass(frozen=True)
class LLMConfig:
    url: str
    model: str
    api_key: str = ""
    timeout: float = 20.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LLMConfig | None:
        env = os.environ if environ is None else environ
        url = env.get("FEEDBACK_LLM_URL", "").strip()
        if not url:
            return None
        return cls(
            url=url,
            model=env.get("FEEDBACK_LLM_MODEL", "").strip() or "default",
            api_key=env.get("FEEDBACK_LLM_API_KEY", ""),
            timeout=float(env.get("FEEDBACK_LLM_TIMEOUT", "20") or 20),
        )

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else base + "/chat/completions"


class LLMError(Exception):
    """The endpoint did not give a usable answer (unreachable, timeout, bad JSON, wrong shape)."""


def build_messages(question: QuestionInput, answer: AnswerInput) -> list[dict[str, str]]:
    points = "\n".join(f"{i}. {kp}" for i, kp in enumerate(question.key_points))
    text = "\n\n".join(f"[{key}]\n{body}" if key else body for key, body in answer.parts())
    system = (
        "You grade one written answer of a machine learning engineer interview. Reply with one JSON object "
        'only: {"key_points": [{"index": int, "status": "covered"|"partly"|"missing", "evidence": str}], '
        '"summary": str, "add_next_time": [str]}. One entry per key point, by index. Evidence quotes the '
        "answer. A key point named without explanation is not covered."
    )
    user = (
        f"Round: {question.round_kind}\nQuestion: {question.title}\n{question.prompt}\n\n"
        f"Key points a strong answer covers:\n{points}\n\nRed flags to watch for:\n"
        + "\n".join(_flag_line(j, rf, question) for j, rf in enumerate(question.red_flags))
        + f"\n\nThe candidate's answer:\n{text}"
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _flag_line(j: int, flag: str, question: QuestionInput) -> str:
    example = question.red_flag_examples[j] if j < len(question.red_flag_examples) else ""
    return f"- {flag}" + (f' (sounds like: "{example}")' if example else "")


def request_llm(config: LLMConfig, question: QuestionInput, answer: AnswerInput) -> dict[str, Any]:
    body = json.dumps(
        {
            "model": config.model,
            "messages": build_messages(question, answer),
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(config.endpoint, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
        content = payload["choices"][0]["message"]["content"]
        return validate(json.loads(content), len(question.key_points))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LLMError(f"the endpoint did not answer: {exc}") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"the reply was not the expected JSON: {exc}") from exc


def validate(data: Any, key_points: int) -> dict[str, Any]:
    """The reply's shape, checked field by field; raises ValueError on anything else."""
    if not isinstance(data, dict):
        raise ValueError("the reply is not a JSON object")
    rows = data.get("key_points")
    if not isinstance(rows, list):
        raise ValueError("key_points is not a list")
    seen: dict[int, dict[str, Any]] = {}
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError("a key point is not an object")
        index, status, evidence = row.get("index"), row.get("status"), row.get("evidence", "")
        if not isinstance(index, int) or not 0 <= index < key_points:
            raise ValueError(f"key point index {index!r} is out of range")
        if status not in STATUSES:
            raise ValueError(f"key point status {status!r} is not one of {STATUSES}")
        if not isinstance(evidence, str):
            raise ValueError("evidence is not a string")
        seen[index] = {"index": index, "status": status, "evidence": evidence[:1000]}
    if len(seen) != key_points:
        raise ValueError(f"expected {key_points} key points, got {len(seen)}")
    summary = data.get("summary", "")
    add = data.get("add_next_time", [])
    if not isinstance(summary, str) or not isinstance(add, list) or not all(isinstance(a, str) for a in add):
        raise ValueError("summary or add_next_time has the wrong type")
    return {
        "key_points": [seen[i] for i in range(key_points)],
        "summary": summary[:MAX_SUMMARY],
        "add_next_time": [a[:500] for a in add[:20]],
    }


def analyse_with_llm(
    question: QuestionInput,
    answer: AnswerInput,
    shared_red_flags: Sequence[RedFlagDef] = (),
    config: LLMConfig | None = None,
) -> dict[str, Any]:
    """The offline analysis as a dict, with the language model's read added when configured and usable."""
    result = analyse(question, answer, shared_red_flags).as_dict()
    if config is None or result["status"] != "analysed":
        return result
    try:
        result["llm"] = {"model": config.model, **request_llm(config, question, answer)}
    except LLMError as exc:
        logger.warning("Language-model feedback skipped, offline read kept: %s", exc)
        result["llm_error"] = str(exc)
    return result
