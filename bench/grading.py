"""Grading latency over every bundled exercise's canonical, alternative and wrong answers.

Prints one JSON object: how many answers were graded, the pool's start-up time, p50/p95/
max latency (ms) in a fresh pool ("cold": the first answer per exercise fills the
worker's caches) and on a second pass ("warm"), the in-process latency of the same work
without the sandbox as the baseline, and any answer whose verdict was not the expected
one. Falls back to a built-in list of pairs when no bundled exercises are found.

    python bench/grading.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from derivations import derivation_latency
from measure import latency_summary, timed_ms

TARGET_P50_MS = 20
TARGET_P95_MS = 100

FALLBACK = [
    ("1/2*log((1-e)/e)", "atanh(1-2*e)", {"e": "(0, 1/2)"}, "correct"),
    ("1/2*log((1-e)/e)", "log(sqrt((1-e)/e))", {"e": "(0, 1/2)"}, "correct"),
    ("1/2*log((1-e)/e)", "log((1-e)/e)", {"e": "(0, 1/2)"}, "incorrect"),
    ("-log(sigmoid(b*x))", "softplus(-b*x)", {"b": "positive", "x": "real"}, "correct"),
    ("sigmoid(x)*(1-sigmoid(x))", "exp(-x)/(1+exp(-x))^2", {"x": "real"}, "correct"),
    ("(x+1)^2", "x^2+2x+1", {"x": "real"}, "correct"),
    ("sqrt(12)", "2*sqrt(3)", {}, "correct"),
    ("n*(n+1)/2", "n^2/2", {"n": "integer >= 1"}, "incorrect"),
]


def _cases() -> list[tuple[str, Callable[[], Any], Callable[[], Any], str]]:
    """(label, sandboxed call, in-process call, expected verdict) for every answer."""
    from studyapp.checking.exercises import expected_correct, grade, judge
    from studyapp.config import bundled_content_dir
    from studyapp.content.loader import load_content
    from studyapp.content.model import Exercise

    exercises = [
        i for i in load_content([bundled_content_dir()]).items() if isinstance(i, Exercise)
    ]
    cases = []
    for exercise in exercises:
        answers = [(text, "correct") for _, text in expected_correct(exercise)]
        answers += [(wrong.expression, "incorrect") for wrong in exercise.wrong_answers]
        for text, verdict in answers:
            cases.append(
                (
                    f"{exercise.id}: {text}",
                    lambda e=exercise, t=text: grade.grade_exercise(e, t),
                    lambda e=exercise, t=text: judge.grade_exercise_here(e, t),
                    verdict,
                )
            )
    if cases:
        return cases
    return [
        (
            f"{expect} vs {answer}",
            lambda a=(expect, answer, where): grade.grade_expression(*a),
            lambda a=(expect, answer, where): judge.grade_expression_here(*a),
            verdict,
        )
        for expect, answer, where, verdict in FALLBACK
    ]


def main() -> int:
    from studyapp.checking import sandbox

    cases = _cases()
    pool = sandbox.default_pool()
    startup_ms, _ = timed_ms(pool.warm)
    cold, warm, baseline, mismatches = [], [], [], []
    for label, call, _, expected in cases:
        elapsed, result = timed_ms(call)
        cold.append(elapsed)
        if result.verdict != expected:
            mismatches.append(
                {
                    "answer": label,
                    "expected": expected,
                    "got": result.verdict,
                    "message": result.message,
                }
            )
    for _, call, _, _ in cases:
        warm.append(timed_ms(call)[0])
    for _, _, local, _ in cases:
        baseline.append(timed_ms(local)[0])
    warm_stats = latency_summary(warm)
    report = {
        "answers": len(cases),
        "workers": pool.size,
        "startup_ms": round(startup_ms, 1),
        "cold": latency_summary(cold),
        "warm": warm_stats,
        "in_process_baseline": latency_summary(baseline),
        "warm_over_baseline_p50": round(
            warm_stats["p50_ms"] / max(latency_summary(baseline)["p50_ms"], 1e-9), 2
        ),
        "targets_met": warm_stats["p50_ms"] <= TARGET_P50_MS
        and warm_stats["p95_ms"] <= TARGET_P95_MS,
        "verdict_mismatches": mismatches,
        "derivations": derivation_latency(),
    }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
