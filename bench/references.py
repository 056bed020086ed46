"""Cost of the safe reference evaluator on every bundled numeric exercise.

Prints one JSON object: how many numeric (and parameterised) exercises were evaluated,
p50/p95/max microseconds for ``evaluate_reference`` (default givens), for ``draw_params``
(a draw plus its validating evaluation) and for ``render_prompt``, and, as the baseline
measured in the same run, the same five typical references written as native Python
functions against the interpreter running them (``interpreter_over_native``).

    python bench/references.py [--draws N]
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from measure import latency_summary

from studyapp.config import bundled_content_dir
from studyapp.content.loader import load_content
from studyapp.content.model import Exercise, ExerciseKind
from studyapp.references import draw_params, evaluate_reference, render_prompt
from studyapp.references.evaluator import Evaluator
from studyapp.references.names import CONSTANTS, REFERENCE_FUNCTIONS

# (reference as authors write it, the same computation in Python, its givens)
TYPICAL: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
    (
        "floor((n + 2 * p - d * (k - 1) - 1) / s) + 1",
        lambda n, k, s, p, d: math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1,
        {"n": 224, "k": 7, "s": 2, "p": 3, "d": 1},
    ),
    (
        "2 * layers * kv_heads * head_dim * bytes",
        lambda layers, kv_heads, head_dim, bytes: 2 * layers * kv_heads * head_dim * bytes,
        {"layers": 32, "kv_heads": 8, "head_dim": 128, "bytes": 2},
    ),
    ("0.5 * log((1 - e) / e)", lambda e: 0.5 * math.log((1 - e) / e), {"e": 0.3}),
    (
        "sum(comb(T, k) * eps**k * (1 - eps)**(T - k) for k in range(T // 2 + 1, T + 1))",
        lambda T, eps: sum(
            math.comb(T, k) * eps**k * (1 - eps) ** (T - k) for k in range(T // 2 + 1, T + 1)
        ),
        {"T": 11, "eps": 0.3},
    ),
    (
        "1 + sum((k[i] - 1) * d[i] * prod(s[:i]) for i in range(len(k)))",
        lambda k, s, d: 1 + sum((k[i] - 1) * d[i] * math.prod(s[:i]) for i in range(len(k))),
        {"k": [11, 3, 5, 3, 3, 3, 3, 3], "s": [4, 2, 1, 2, 1, 1, 1, 2], "d": [1] * 8},
    ),
]


def micros(call: Callable[[], Any], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - start) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=20, help="seeds per parameterised exercise")
    args = parser.parse_args()

    exercises = [
        item
        for item in load_content([bundled_content_dir()]).items()
        if isinstance(item, Exercise) and item.kind is ExerciseKind.NUMERIC and item.reference
    ]
    varied = [e for e in exercises if e.parameterised]
    reference_us = [micros(partial(evaluate_reference, e)) for e in exercises]
    draw_us, prompt_us = [], []
    for exercise in varied:
        for seed in range(args.draws):
            draw_us.append(micros(partial(draw_params, exercise, seed)))
            params = draw_params(exercise, seed)
            prompt_us.append(micros(partial(render_prompt, exercise, params)))

    evaluator = Evaluator(REFERENCE_FUNCTIONS, CONSTANTS)
    interpreted = sum(micros(partial(evaluator.evaluate, s, g), 200) for s, _, g in TYPICAL)
    native = sum(micros(partial(f, **g), 200) for _, f, g in TYPICAL)

    print(
        json.dumps(
            {
                "numeric_exercises": len(exercises),
                "parameterised": len(varied),
                "draws_per_exercise": args.draws,
                "evaluate_reference_us": latency_summary(reference_us, unit="us", digits=1),
                "draw_params_us": latency_summary(draw_us, unit="us", digits=1) if draw_us else None,
                "render_prompt_us": latency_summary(prompt_us, unit="us", digits=1) if prompt_us else None,
                "typical_interpreted_us": round(interpreted, 1),
                "typical_native_us": round(native, 1),
                "interpreter_over_native": round(interpreted / native, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
