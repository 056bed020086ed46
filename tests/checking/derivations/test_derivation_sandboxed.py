"""The public entry points run in the sandbox pool: hostile input ends invalid, never hangs."""

from __future__ import annotations

import time

import pytest

from studyapp.checking.derivations import check_derivation, grade_derivation, next_hint
from studyapp.content.model import Derivation, SourceRef, Step, Variable

REAL_X = {"x": "real"}


def test_a_correct_derivation_comes_back_from_the_sandbox():
    result = check_derivation(["(x + 1)**2", "x**2 + 2*x + 1"], REAL_X)
    assert result.verdict == "correct"


def test_a_check_that_runs_too_long_is_killed_and_invalid():
    started = time.monotonic()
    result = check_derivation(["Sum(1/(i**x + i), (i, 1, 10**8))", "x"], {"x": "(0, 1)"}, timeout=1.5)
    assert result.verdict == "invalid"
    assert "too long" in result.message
    assert time.monotonic() - started < 15  # the cap, plus starting a replacement worker


@pytest.mark.parametrize(
    "lines",
    [
        ["x"] * 5000,  # thousands of lines
        ["x" + " + x" * 5000],  # a huge line
        ["(" * 200 + "x" + ")" * 200, "x"],  # a recursion bomb
        ["9**9**9**9", "x"],  # a number too large to build
        ["__import__('os').system('true')", "x"],
    ],
    ids=["many-lines", "huge-line", "nesting", "power-tower", "dunder"],
)
def test_hostile_input_is_invalid(lines):
    assert check_derivation(lines, REAL_X).verdict == "invalid"


DERIVATION = Derivation(
    id="square",
    prompt="Expand (x + 1)**2.",
    deck_id="d",
    topic_id="t",
    source=SourceRef("t.md", 1),
    variables=(Variable("x", "real", "-oo", "oo", True, True, ("-5", "5")),),
    steps=(Step("given", "(x + 1)**2"), Step("equal", "x**2 + 2*x + 1", "expand")),
)


def test_grading_against_content_runs_in_the_sandbox():
    assert grade_derivation(DERIVATION, ["(x + 1)**2", "x**2 + 2*x + 1"]).verdict == "correct"


def test_a_hint_comes_back_from_the_sandbox():
    assert next_hint(DERIVATION, ["(x + 1)**2"]) == "x**2 + 2*x + 1  (expand)"
