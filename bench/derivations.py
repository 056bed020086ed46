"""Derivation-checking latency over every bundled derivation (correct and flawed lines).

Prints one JSON object: how many derivations and lines were graded; p50/p95/max latency
(ms) per whole derivation and per line, warm, through the sandbox pool (what the TUI and
CLI pay) and in-process (the baseline the sandbox's overhead is measured against); the
same for derivations of five to seven lines against the 300 ms p95 target; parsing alone
as a floor; and any derivation whose verdict or first wrong step was not the expected one.
``bench/grading.py`` can call :func:`derivation_latency` to include these figures.

    python bench/derivations.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
from typing import Any

from measure import latency_summary, timed_ms

TARGET_SIX_LINE_P95_MS = 300


def _cases() -> list[tuple[Any, list[str], int | None]]:
    """(derivation, learner lines, expected first wrong step) for both versions."""
    from studyapp.config import bundled_content_dir
    from studyapp.content.loader import load_content
    from studyapp.content.model import Derivation

    content = load_content([bundled_content_dir()])
    cases = []
    for item in content.items():
        if isinstance(item, Derivation):
            cases.append((item, [s.content for s in item.steps], None))
            if item.flawed and item.wrong_step:
                cases.append((item, [s.content for s in item.flawed], item.wrong_step - 1))
    return cases


def derivation_latency(repeats: int = 5) -> dict[str, Any]:
    from studyapp.checking import sandbox
    from studyapp.checking.derivations import (
        LineReader,
        Scope,
        grade_derivation,
        grade_derivation_here,
    )
    from studyapp.checking.meaning import domains_from_variables

    cases = _cases()
    pool_start, _ = timed_ms(sandbox.default_pool().warm)
    for derivation, lines, _ in cases:  # fill the caches of each worker and of this process
        grade_derivation(derivation, lines)
        grade_derivation_here(derivation, lines)
    sandboxed: list[float] = []
    local: list[float] = []
    parse_only: list[float] = []
    per_line: list[float] = []
    six_line: list[float] = []
    mismatches: list[str] = []
    for derivation, lines, expected in cases:
        for _ in range(repeats):
            elapsed, result = timed_ms(grade_derivation, derivation, lines)
            sandboxed.append(elapsed)
            per_line.append(elapsed / len(lines))
            if 5 <= len(lines) <= 7:
                six_line.append(elapsed)
            local.append(timed_ms(grade_derivation_here, derivation, lines)[0])
            scope = Scope(domains_from_variables(derivation.variables, derivation.where))
            reader = LineReader(scope.symbols, derivation.functions)
            parse_only.append(timed_ms(lambda r, t: [r.read(x) for x in t], reader, lines)[0])
        if result.first_wrong_step != expected or (expected is None and result.verdict != "correct"):
            mismatches.append(f"{derivation.id}: {result.verdict} at {result.first_wrong_step}")
    sandbox_p50 = statistics.median(sandboxed)
    return {
        "derivations": len({d.id for d, _, _ in cases}),
        "graded": len(cases),
        "lines": sum(len(lines) for _, lines, _ in cases),
        "repeats": repeats,
        "pool_start_ms": round(pool_start, 1),
        "per_derivation_sandboxed": latency_summary(sandboxed),
        "per_derivation_in_process": latency_summary(local),
        "per_line_sandboxed": latency_summary(per_line),
        "five_to_seven_lines_sandboxed": latency_summary(six_line) if six_line else None,
        "target_six_line_p95_ms": TARGET_SIX_LINE_P95_MS,
        "meets_target": bool(six_line) and latency_summary(six_line)["p95_ms"] <= TARGET_SIX_LINE_P95_MS,
        "parse_only": latency_summary(parse_only),
        "ratio_sandboxed_to_in_process_p50": round(sandbox_p50 / statistics.median(local), 2),
        "ratio_check_to_parse_p50": round(statistics.median(local) / statistics.median(parse_only), 2),
        "mismatches": mismatches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(derivation_latency(args.repeats)))


if __name__ == "__main__":
    main()
