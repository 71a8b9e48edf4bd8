"""Generated tests: a problem's ``generator.py`` runs in the sandbox, twice per test with different global
seeds, so that a result that depends on an unseeded random source is caught."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.judge import codec
from scoring.judge.box_run import BoxSpec, frame, run_in_box
from scoring.judge.sandbox_types import Limits, SandboxBackend

if TYPE_CHECKING:
    from scoring.judge.problem import ProblemSpec

GENERATOR_TIME_LIMIT_S = 10.0
GENERATED_VALUE_BYTES = 16 << 20  # a generated test (inputs and expected value), encoded

GLOBAL_SEEDS = (12345, 54321)


def run_generator(
    spec: ProblemSpec,
    items: list[tuple[int, dict[str, Any]]],
    backend: SandboxBackend,
    *,
    limits: Limits | None = None,
) -> dict[int, dict[str, Any] | str]:
    """Run ``generate(**params)`` for each (test index, params) in the sandbox, one process per call.

    Each call runs twice, with ``random`` and ``numpy.random`` seeded differently: different results mean some
    randomness was not seeded from ``params["seed"]``. Returns, per index, the generated ``{"args", "kwargs",
    "expected"}`` in canonical tagged JSON, or a message saying why there is none.
    """
    if not items:
        return {}
    if spec.generator is None:
        return {i: "needs generator.py" for i, _ in items}
    box = BoxSpec(module="generator.py", source=spec.generator.encode("utf-8"), function="generate",
               cpu_s=GENERATOR_TIME_LIMIT_S, memory_mb=max(spec.memory_mb, 512),
               value_bytes=GENERATED_VALUE_BYTES)  # fmt: skip
    frames = [
        (i * 2 + k, frame([], params, global_seed=seed), False)
        for i, params in items
        for k, seed in enumerate(GLOBAL_SEEDS)
    ]
    run = run_in_box(backend, box, frames, limits=limits)
    out: dict[int, dict[str, Any] | str] = {}
    for i, _ in items:
        first, second = run.outcomes.get(i * 2), run.outcomes.get(i * 2 + 1)
        if first is None or first.status != "ok":
            detail = "did not run" if first is None else (first.message or first.status)
            out[i] = f"generator.py failed: {detail}"
        elif second is None or second.status != "ok":
            detail = "did not run" if second is None else (second.message or second.status)
            out[i] = f"generator.py failed on its second call: {detail}"
        elif second.value != first.value:
            out[i] = (
                "gave two different results for the same params: seed every random source from params['seed']"
            )
        else:
            try:
                out[i] = codec.normalise(first.value, path="generated test")
            except codec.CodecError as exc:
                out[i] = f"returned a value that cannot be stored: {exc}"
    return out
