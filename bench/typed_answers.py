"""Verdict agreement and latency on answers as learners type them.

Grades every answer of ``tests/checking/exercises/typed_answers.txt`` (units, grouped digits,
unicode, implicit products, common wrong answers, malformed input: each with the verdict
a careful tutor gives) through the sandboxed ``grade_exercise`` the TUI calls, and prints
one JSON object: the corpus size, how many verdicts agree (overall and per expected
verdict), the answers that disagree, and the latency next to the in-process baseline
of the same work measured in this run.

    python bench/typed_answers.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from measure import latency_summary, timed_ms

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests" / "checking" / "exercises"))
    from test_typed_answers import CASES, EXERCISES  # the corpus and the bundled exercises

    from studyapp.checking import sandbox
    from studyapp.checking.exercises import grade, judge

    sandbox.default_pool().warm()
    agree, total, sandboxed, in_process, disagreements = Counter(), Counter(), [], [], []
    for case in CASES:
        exercise = EXERCISES[case.exercise_id]
        ms, result = timed_ms(grade.grade_exercise, exercise, case.answer)
        sandboxed.append(ms)
        in_process.append(timed_ms(judge.grade_exercise_here, exercise, case.answer)[0])
        total[case.verdict] += 1
        if result.verdict == case.verdict:
            agree[case.verdict] += 1
        else:
            disagreements.append(f"{case.exercise_id}: {case.answer!r} → {result.verdict}")
    warm, baseline = latency_summary(sandboxed), latency_summary(in_process)
    print(
        json.dumps(
            {
                "answers": len(CASES),
                "exercises": len({case.exercise_id for case in CASES}),
                "agree": sum(agree.values()),
                "agreement": round(sum(agree.values()) / len(CASES), 4),
                "by_expected_verdict": {v: f"{agree[v]}/{total[v]}" for v in sorted(total)},
                "sandboxed": warm,
                "in_process_baseline": baseline,
                "ratio_p50": round(warm["p50_ms"] / max(baseline["p50_ms"], 1e-9), 2),
                "disagreements": disagreements,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
