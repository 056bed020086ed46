"""Whatever garbage a learner types, the checker answers with a verdict a learner can read.

Answers go through the real sandboxed graders the TUI and ``grade --batch`` call. A
checker failure (an exception in a worker) is a bug; ``undecided`` is allowed only with
its reason (the check ran out of time, the values could not be compared).
"""

from __future__ import annotations

import re

from garbled import EXPECTED, garbled_answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.exercises import grade_exercise, grade_expression, grade_payload
from studyapp.checking.verdict import GradeResult, Verdict
from studyapp.config import bundled_content_dir
from studyapp.content.loader import load_content
from studyapp.content.model import Exercise

EXERCISES = sorted(
    (item for item in load_content([bundled_content_dir()]).items() if isinstance(item, Exercise)),
    key=lambda exercise: exercise.id,
)
TIMEOUT_S = 1.0  # a hard case costs this much; its verdict is then an explained undecided
FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
VERDICTS = {verdict.value for verdict in Verdict}
_EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Traceback")


def assert_learner_readable(result: GradeResult, answer: str) -> None:
    shown = f"{answer!r} → {result.verdict}: {result.message!r}"
    assert result.verdict in VERDICTS, shown
    assert result.message.strip() or result.verdict in ("correct", "incorrect"), shown
    assert "checker failed" not in result.message, shown
    assert not _EXCEPTION_NAME.search(result.message), shown
    assert result.message.isprintable(), shown  # NUL, zero-width, bidi controls escaped
    if result.verdict == "undecided":
        assert result.message.startswith(("could not decide", "too many")), shown


@FUZZ
@given(st.sampled_from(EXPECTED), garbled_answers(st.sampled_from([e for e, _, _ in EXPECTED])))
def test_garbled_answers_to_every_kind_of_expected_answer_get_a_verdict(case, answer):
    expect, where, test = case
    assert_learner_readable(
        grade_expression(expect, answer, where, timeout=TIMEOUT_S, test=test), answer
    )


@st.composite
def damaged_exercise_answers(draw: st.DrawFn) -> tuple[Exercise, str]:
    exercise = draw(st.sampled_from(EXERCISES))
    return exercise, draw(garbled_answers(st.just(exercise.answer)))


@FUZZ
@given(damaged_exercise_answers())
def test_garbled_answers_to_bundled_exercises_get_a_verdict(case):
    exercise, answer = case
    assert_learner_readable(grade_exercise(exercise, answer, timeout=TIMEOUT_S), answer)


@settings(FUZZ, max_examples=20)
@given(st.lists(garbled_answers(st.sampled_from(["x = 2 or x = -2", "x^2 = 4"])), max_size=3))
def test_garbled_derivation_lines_get_a_verdict(lines):
    payload = {"steps": ["x^2 - 4 = 0", *lines], "where": {"x": "real"}}
    result = grade_payload(payload, timeout=TIMEOUT_S)
    assert result["verdict"] in VERDICTS, (lines, result)
    assert "checker failed" not in result["message"], (lines, result)
    if result["verdict"] == "undecided":
        assert result["message"].startswith("could not check"), (lines, result)


def test_the_crashes_found_by_fuzzing_get_a_verdict():
    """Each answer here once came back as "the checker failed: …" (or quoted unescaped)."""
    found = [
        ("x^3/3", "wyαX&.5atanh", "integral x"),  # a Greek letter among connective words
        ("0.25", "1e308", None),  # a ratio beyond a float: no factor to name
        ("x > 2", "a", "rename"),  # a bare letter is no condition
        ("A or x > 2", "x", None),
        ("A or x > 2", "A or x > 3", None),
        ("0.25", "q^1e308−σ^lam^σ^pi^σ^lam^σ", "completed-square x"),  # no value: not a crash
        ("sqrt(2)/2", "Sum(E, (i, 1, 99999999999999))", "greater"),  # a sum comes back as x+0j
        ("x", "\uffff", None),  # quoted in the message: escaped, as controls are
    ]
    for expect, answer, test in found:
        assert_learner_readable(
            grade_expression(expect, answer, timeout=TIMEOUT_S, test=test), answer
        )
    # erf of a single number in a derivation's numeric scan
    steps = {"steps": ["erf(x)", "2**2**2**2"], "where": {"x": "real"}}
    assert grade_payload(steps, timeout=TIMEOUT_S)["verdict"] == "incorrect"
