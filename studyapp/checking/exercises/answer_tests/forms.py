"""Answer tests on how an answer is written (order, factors, fractions) and on answers
read as plain text."""

from __future__ import annotations

import random
from collections.abc import Callable

import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests.common import Grader, verdict
from studyapp.checking.meaning import (
    EXACT,
    BadPattern,
    VariableSpace,
    is_factored,
    is_single_fraction,
    read_as_written,
    read_values,
    same_with_rules,
    similar_text,
    text_of,
    values_agree,
    with_nouns_named,
    written_term,
)
from studyapp.checking.meaning import (
    identical as is_identical,
)
from studyapp.checking.meaning import (
    same_form as is_same_form,
)
from studyapp.checking.reading import InvalidAnswer, StructureError
from studyapp.checking.verdict import GradeResult


def same_form(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, interpreted = read_as_written(expect, answer, space)
    message = "equivalent, perhaps, but not written in the form asked for"
    return verdict(is_same_form(expected, typed), message, interpreted)


def same_form_rules(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """As ``same_form``, with the rewriting rules in ``arguments`` allowed (``oneMul``:
    1·x is x ...; see ``meaning.form_rules``)."""
    try:
        expected = written_term(expect)
    except InvalidAnswer as exc:
        raise InvalidAnswer(f"cannot read the expected answer: {exc}") from None
    typed = written_term(answer)
    message = "equivalent, perhaps, but not written in the form asked for"
    return verdict(same_with_rules(expected, typed, arguments), message, _as_read(answer, space))


def _as_read(answer: str, space: VariableSpace) -> str | None:
    """How the answer was read, for showing; None when only the rules could read it."""
    try:
        return read_as_written(answer, answer, space)[2]
    except (InvalidAnswer, StructureError):
        return None


def identical(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, interpreted = read_as_written(expect, answer, space)
    return verdict(is_identical(expected, typed), "not written as expected", interpreted)


def equivalent_nouns(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """Equivalent, with Maxima's noun forms (``'diff(y, x)``, ``nounint(…)``) compared as
    written rather than worked out: ``'diff(y, x)`` is not 0, as ``diff(y, x)`` is."""
    _, _, space, _ = read_values(expect, answer, space)
    expected, typed, interpreted = read_as_written(expect, answer, space)
    (expected, typed), names = with_nouns_named((expected, typed))
    same = values_agree(expected, typed, space.including(names), EXACT, rng)
    return verdict(same, "not equivalent to the expected answer", interpreted)


def equivalent_and_written(check: Callable[[sp.Basic], bool], message: str) -> Grader:
    """Equivalent to the expected answer, and written in the form ``check`` recognises."""

    def grade(
        expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        written, interpreted, _ = _written_if_equivalent(expect, answer, space, rng)
        if written is None:
            return verdict(False, "not equivalent to the expected answer", interpreted)
        return verdict(check(written), message, interpreted)

    return grade


factored = equivalent_and_written(is_factored, "equivalent, but not fully factored")
single_fraction = equivalent_and_written(
    lambda written: isinstance(written, sp.Expr) and is_single_fraction(written),
    "equivalent, but not written as a single fraction",
)


def written_as(check: Callable[[object], bool], message: str) -> Grader:
    def grade(
        expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        _, written, interpreted = read_as_written(expect, answer, space)
        return verdict(check(written), message, interpreted)

    return grade


def as_text(compare: Callable[[str, str], bool]) -> Grader:
    def grade(
        expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        try:
            same = compare(expect, answer)
        except BadPattern as exc:
            raise InvalidAnswer(f"cannot read the expected answer: {exc}") from None
        return verdict(same, "not the expected text", text_of(answer))

    return grade


def similar(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    threshold, flags = arguments[0], set(arguments[1:])
    try:
        close = similar_text(expect, answer, threshold, "case" in flags, "spaces" in flags)
    except BadPattern as exc:
        raise InvalidAnswer(f"cannot read the expected answer: {exc}") from None
    return verdict(close, "not close enough to an expected text", text_of(answer))


def in_form_of(check: Callable[[sp.Basic, sp.Symbol], bool], message: str) -> Grader:
    """Equivalent, and written in the form ``check`` recognises in the named variable."""

    def grade(
        expect: str, answer: str, names: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        written, interpreted, space = _written_if_equivalent(expect, answer, space, rng)
        if written is None:
            return verdict(False, "not equivalent to the expected answer", interpreted)
        x = space.including(names).symbols[names[0]]
        ok = isinstance(written, sp.Expr) and check(written.xreplace(_adopted(written, x)), x)
        return verdict(ok, message, interpreted)

    return grade


def _written_if_equivalent(
    expect: str, answer: str, space: VariableSpace, rng: random.Random
) -> tuple[sp.Basic | None, str, VariableSpace]:
    """The answer's formula as typed (None when it is not equivalent to the expected one),
    how it was read, and the variable space both were read in."""
    expected, typed, space, interpreted = read_values(expect, answer, space)
    _, written, _ = read_as_written(expect, answer, space)
    sandbox.report_progress("parsed")
    if not values_agree(expected, typed, space, EXACT, rng):
        return None, interpreted, space
    return written, interpreted, space


def _adopted(written: sp.Basic, x: sp.Symbol) -> dict:
    """The written tree's own symbol named like x, mapped onto x."""
    return {s: x for s in written.free_symbols if s.name == x.name and s != x}
