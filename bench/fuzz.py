"""Garbled answers: verdict counts, crashes and time per answer over 10k generated inputs.

Draws answers from the fuzz test's strategies (``tests/checking/garbled.py``: token soup,
deep nesting, LaTeX and unicode debris, near-valid formulas) against every kind of
expected answer and every bundled exercise, grades each through the sandboxed graders the
TUI calls, and prints one JSON object: the verdict counts, the crashes (answers that came
back as "the checker failed": must be 0) with a few examples, and the time per answer
next to the baseline of grading the exercises' own correct answers in the same run.

    python bench/fuzz.py [--answers 10000] [--timeout 2.0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import latency_summary, timed_ms

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=2.0, help="cap per answer (s)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests" / "checking"))
    from garbled import EXPECTED, garbled_answers  # the fuzz test's strategies
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from studyapp.checking import sandbox
    from studyapp.checking.exercises import grade
    from studyapp.config import bundled_content_dir
    from studyapp.content.loader import load_content
    from studyapp.content.model import Exercise

    exercises = sorted(
        (i for i in load_content([bundled_content_dir()]).items() if isinstance(i, Exercise)),
        key=lambda exercise: exercise.id,
    )
    sandbox.default_pool().warm()
    baseline = [
        timed_ms(grade.grade_exercise, e, e.answer, None, args.timeout)[0] for e in exercises
    ]

    def to_expected(case: tuple) -> Callable[[str], Any]:
        expect, where, test = case
        return lambda answer: grade.grade_expression(
            expect, answer, where, timeout=args.timeout, test=test
        )

    def to_exercise(exercise: Exercise) -> Callable[[str], Any]:
        return lambda answer: grade.grade_exercise(exercise, answer, timeout=args.timeout)

    graders = st.one_of(
        st.sampled_from(EXPECTED).map(to_expected),
        st.sampled_from(exercises).map(to_exercise),
    )
    valid = st.sampled_from([e for e, _, _ in EXPECTED] + [e.answer for e in exercises])
    verdicts: Counter[str] = Counter()
    crashes: list[str] = []
    times: list[float] = []

    @settings(
        max_examples=args.answers,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(graders, garbled_answers(valid))
    def grade_one(grader, answer: str) -> None:
        ms, result = timed_ms(grader, answer)
        times.append(ms)
        verdicts[result.verdict] += 1
        if "checker failed" in result.message:
            crashes.append(f"{answer!r}: {result.message}")

    started = time.perf_counter()
    grade_one()
    elapsed = time.perf_counter() - started
    garbled, own = latency_summary(times), latency_summary(baseline)
    print(
        json.dumps(
            {
                "answers": len(times),
                "verdicts": dict(sorted(verdicts.items())),
                "crashes": len(crashes),
                "crash_examples": crashes[:10],
                "timeout_s": args.timeout,
                "garbled": {**garbled, "mean_ms": round(1000 * elapsed / max(1, len(times)), 2)},
                "baseline_own_answers": own,
                "ratio_p50": round(garbled["p50_ms"] / max(own["p50_ms"], 1e-9), 2),
            }
        )
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
