"""Reasoning by equivalence as an answer: a list of lines, each equivalent to the one
before (``[x^2 = 4, x = 2 or x = -2]``), checked as a derivation is (STACK's Equiv and
EquivFirst). A line may continue an expression (``= (a+b)^2``, as in a derivation), and
a quoted line is a comment."""

from __future__ import annotations

import random

from studyapp.checking.derivations import check_derivation_here
from studyapp.checking.exercises.answer_tests.common import verdict
from studyapp.checking.meaning import VariableSpace, is_quoted
from studyapp.checking.reading import InvalidAnswer, list_items
from studyapp.checking.verdict import GradeResult, Verdict


def equivalence_chain(
    expect: str, answer: str, flags: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """Every line of the answer equivalent to the one before; ``first``: its first line
    also equivalent to the expected answer's; ``positive``: the variables are positive
    (``x^2 = 4`` then ``x = 2``)."""
    where = {name: domain.describe() for name, domain in space.domains.items()}
    options = ["assume_pos"] if "positive" in flags else []
    expected = [line for _, line in _formula_lines(list_items(expect) or [])]
    if not expected or (
        check_derivation_here(expected, where, options=options).verdict is Verdict.INVALID
    ):
        raise InvalidAnswer("cannot read the expected answer: give it as a list of lines")
    working = _formula_lines(list_items(answer) or [])
    if not working:  # a form to fix, as an unreadable line is
        raise InvalidAnswer("give your working as a list of lines: [x^2 = 4, x = 2 or x = -2]")
    numbers, lines = zip(*working, strict=True)
    start = [expected[0]] if "first" in flags else []
    result = check_derivation_here([*start, *lines], where, options=options)
    if result.verdict is Verdict.INVALID:
        raise InvalidAnswer(result.message)
    wrong = result.first_wrong_step
    if wrong is None:
        return verdict(True, "")
    if start and wrong == 1:
        return verdict(False, "your first line is not equivalent to the one you were given")
    step = result.steps[wrong]
    return verdict(False, f"line {numbers[wrong - len(start)]}: {step.message}")


def _formula_lines(items: list[str]) -> list[tuple[int, str]]:
    """The working's formulas, each with its line number: a quoted line is a comment
    ("take roots, both signs"), left out as STACK's reasoning leaves it."""
    return [(number, item) for number, item in enumerate(items, 1) if not is_quoted(item)]
