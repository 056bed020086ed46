"""Answer tests on physical quantities: a number with units, compared in SI base units.

``units N [M]`` wants the number written to N significant figures and accurate to M
(as ``sigfigs``), ``units-relative TOL`` and ``units-absolute TOL`` a value within a
tolerance (an absolute one may carry units: ``5*J``). Each takes ``strict`` first when
the units must be the expected ones as written (``25*g`` is then not ``0.025*kg``).
STACK's ``stackunits(value, units)`` is read as ``value*units``.
"""

from __future__ import annotations

import random
import re

import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests.common import Grader, verdict
from studyapp.checking.exercises.answer_tests.numeric import enough_figures, figures_agree
from studyapp.checking.exercises.written import Written, written_number
from studyapp.checking.meaning import VariableSpace
from studyapp.checking.reading import InvalidAnswer, Measurement, measure, parse_answer
from studyapp.checking.verdict import GradeResult

# the number a quantity starts with: 9.81, -(36, (-9.81)
_LEADING_NUMBER = re.compile(r"^\s*[+-]?\s*\(?\s*([+-]?\s*(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_STACKUNITS = re.compile(r"^\s*stackunits\s*\((.*)\)\s*$", re.DOTALL)


def units(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    strict, figures, accuracy = (*arguments, arguments[-1])[:3]
    got, want = _quantities(expect, answer)
    problem = _units_problem(got, want, strict)
    if problem:
        return verdict(False, problem)
    if not enough_figures(_written(answer), figures, accuracy):
        return verdict(False, f"write the number to {figures} significant figures")
    if accuracy == 0:
        return verdict(True, "")
    return figures_agree(got.value, want.value, figures, accuracy)


def within(relative: bool) -> Grader:
    def grade(
        expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        strict, tolerance_text = arguments
        got, want = _quantities(expect, answer)
        problem = _units_problem(got, want, strict)
        if problem:
            return verdict(False, problem)
        tolerance = _tolerance(tolerance_text, want, relative)
        allowed = tolerance * abs(want.value) if relative else tolerance
        close = abs(got.value - want.value) <= allowed * (1 + sp.Rational(1, 10**12))
        return verdict(bool(close), "not within the tolerance of the expected value")

    return grade


def _quantities(expect: str, answer: str) -> tuple[Measurement | None, Measurement]:
    want = _quantity(expect)
    if want is None:
        raise InvalidAnswer("cannot read the expected answer as a number with units")
    if want.units == 1:  # as in STACK, a units test without units is the author's mistake
        raise InvalidAnswer("the expected answer has no units")
    got = _quantity(answer)
    sandbox.report_progress("parsed")
    return got, want


def _quantity(text: str) -> Measurement | None:
    match = _STACKUNITS.match(text)
    if match:
        value, _, unit = match.group(1).rpartition(",")
        text = f"({value})*({unit})"
    with sp.evaluate(False):  # 0*m must keep its metre
        parsed = parse_answer(text)
    if parsed.kind != "expression":
        return None
    return measure(parsed.expr)


def _units_problem(got: Measurement | None, want: Measurement, strict: bool) -> str:
    if got is None:
        return "give a number with its units, such as 9.81*m/s^2"
    if got.dimension != want.dimension:
        return "the units are wrong" if got.units != 1 else "give the units too"
    if strict and got.units != want.units:
        return f"give the answer in {want.units}"
    return ""


def _written(answer: str) -> Written:
    match = _LEADING_NUMBER.match(answer)
    written = written_number(match.group(1).replace(" ", "")) if match else None
    if written is None:
        raise InvalidAnswer("start with the number, then its units: 9.81*m/s^2")
    return written


def _tolerance(text: str, want: Measurement, relative: bool) -> sp.Expr:
    """A relative tolerance as a number; an absolute one in SI units (a bare number is
    in the expected answer's units: 0.1 for 2.3*mm is 0.1*mm)."""
    try:
        tolerance = _quantity(text)
    except InvalidAnswer:
        tolerance = None
    if tolerance is None or tolerance.number < 0:
        raise InvalidAnswer(f"cannot read the tolerance {text!r}")
    if tolerance.units == 1:
        return tolerance.number if relative else tolerance.number * want.scale
    if relative or tolerance.dimension != want.dimension:
        raise InvalidAnswer(f"the tolerance {text!r} has the wrong units")
    return tolerance.value
