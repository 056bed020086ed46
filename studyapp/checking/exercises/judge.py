"""The grading work itself: read the answer safely, decide equivalence, name the mistake.

These functions run inside the sandbox pool's workers (see :mod:`studyapp.checking.exercises.grade`
for the public, sandboxed API); they are plain functions, so tests may call them directly.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import mpmath
import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests import read_test, run_answer_test
from studyapp.checking.exercises.answer_tests.stack_names import from_stack
from studyapp.checking.exercises.combine import combine
from studyapp.checking.exercises.unit_slips import as_mpf, unit_slip
from studyapp.checking.meaning import (
    EXACT,
    Diagnosis,
    DomainError,
    Evidence,
    Tol,
    Undefined,
    VariableSpace,
    as_real,
    declared_mistake,
    diagnose,
    diagnose_number,
    domains_from_variables,
    equations_equivalent,
    equivalent,
    evaluate,
    grade_compound,
    parse_domain,
    space_from_mapping,
)
from studyapp.checking.reading import (
    InvalidAnswer,
    ParsedAnswer,
    exact,
    figures_written,
    name_note,
    named_value,
    parse_answer,
    read_numeric,
    rounded_from,
    square_side,
    uses_connectives,
)
from studyapp.checking.reading.latex import as_plain
from studyapp.checking.verdict import GradeResult, Verdict
from studyapp.content.answer_test_spec import PRECISION_TESTS, written_as_asked
from studyapp.content.model import Exercise, ExerciseKind, Tolerance


def warm_up() -> None:
    """Run one small check so a fresh worker has sympy's caches filled."""
    grade_expression_here("(1/2)*log((1-e)/e)", "atanh(1-2e)", {"e": "(0, 1/2)"})


def _invalid(message: str, **details: Any) -> GradeResult:
    return GradeResult(Verdict.INVALID, message, details=details)


def grade_expression_here(
    expect: str,
    answer: str,
    where: Mapping[str, str] | None = None,
    tol: object = None,
    test: str | None = None,
) -> GradeResult:
    """Grade in this process (what the sandbox workers run). ``test`` may also be one
    of STACK's answer tests with its options (``NumSigFigs [3,2]``: see ``stack_names``)."""
    stack = from_stack(test) if test is not None else None
    if stack is not None:
        test, tol = stack.test, (tol if stack.tol is None else stack.tol)
    try:
        space = space_from_mapping(where)
        tolerance = read_tolerance(tol)
        if test is not None and test.strip() != "equivalent":
            read_test(test)
    except (DomainError, ValueError, TypeError) as exc:
        return _invalid(f"bad 'where', 'tol' or 'test': {exc}")
    if test is not None and test.strip() != "equivalent":
        return run_answer_test(test, expect, answer, space, random.Random(_seed(expect, answer)))
    structured = grade_compound(
        expect, answer, space, tolerance, random.Random(_seed(expect, answer))
    )
    if structured is not None:
        return structured
    try:
        expected = _read_expected(expect, space)
    except InvalidAnswer as exc:
        return _invalid(f"cannot read the expected answer: {exc}")
    space = _summed_to(space, expected.value)
    text, named = named_value(answer, expected.kind == "expression")
    try:
        typed = _read_typed(text, space, expected.names)
    except InvalidAnswer as exc:
        return _invalid(str(exc), column=exc.column)
    # a name only the answer sums to (n of n(n+1)/2 = sum(k, k, 1, n)) counts too
    space = _summed_to(space, typed.value).including(expected.names)
    sandbox.report_progress("parsed")
    result = _judge(expected, typed, space, tolerance, (), expect, _seed(expect, answer))
    return _with_name_note(result, named)


def grade_exercise_here(
    exercise: Exercise, answer: str, params: Mapping[str, object] | None = None
) -> GradeResult:
    """Grade an exercise in this process (what the sandbox workers run)."""
    usual = _grade_exercise_as_usual(exercise, answer, params)
    if exercise.test is None:
        return usual
    return _with_answer_test(exercise, exercise.test, answer, params, usual)


def _with_answer_test(
    exercise: Exercise,
    test: str,
    answer: str,
    params: Mapping[str, object] | None,
    usual: GradeResult,
) -> GradeResult:
    """The exercise's ``test:`` on top of the usual grading (see :mod:`exercise_verdict`)."""
    from studyapp.references import InvalidReference, expected_value

    if exercise.kind == ExerciseKind.NUMERIC:
        try:
            reading = read_numeric(answer, exercise.unit)
            number = expected_value(exercise, params or None)
        except (InvalidAnswer, InvalidReference):
            return usual
        expected = repr(number)
        if read_test(test)[0] in PRECISION_TESTS:  # shown as asked: 1.420, not 1.42001
            usual = replace(usual, expected=written_as_asked(number, test))
        text, scale = reading.text.strip(), reading.scale
        if text.endswith("%"):
            text, scale = text[:-1].rstrip(), scale / 100
        if scale != 1:  # compared in the unit typed: 16.3 for 16.3 %, as it is written
            expected = f"{expected}/({scale})"
        space = VariableSpace()
    else:
        try:
            space = _exercise_space(exercise)
        except (InvalidAnswer, DomainError, ValueError):
            return usual
        expected, text = exercise.answer, named_value(answer, "=" not in exercise.answer)[0]
        try:
            text = as_plain(text)  # the tests read forms and digits in the plain spelling
        except InvalidAnswer:
            return usual
    rng = random.Random(_seed(exercise.id, answer))
    return combine(
        test,
        expected,
        usual,
        exercise.wrong_answers,
        lambda name, expect: run_answer_test(name, expect, text, space, rng),
    )


def _grade_exercise_as_usual(
    exercise: Exercise, answer: str, params: Mapping[str, object] | None
) -> GradeResult:
    if exercise.kind == ExerciseKind.NUMERIC:
        return _grade_numeric(exercise, answer, params)
    structured = _grade_structured(exercise, answer)
    if structured is not None:
        return structured
    try:
        prepared = _prepare_symbolic(exercise)
    except (InvalidAnswer, DomainError, ValueError) as exc:
        return GradeResult(
            Verdict.UNDECIDED,
            f"exercise '{exercise.id}' cannot be graded: {exc}",
            details={"error": str(exc)},
        )
    space, expected, wrong_answers = prepared
    text, named = named_value(answer, expected.kind == "expression")
    try:
        typed = parse_answer(
            text, names=list(space.domains), functions=exercise.functions, strict=True
        )
    except InvalidAnswer as exc:
        return _invalid(str(exc), column=exc.column)
    sandbox.report_progress("parsed")
    result = _judge(
        expected, typed, space, EXACT, wrong_answers, exercise.answer, _seed(exercise.id, answer)
    )
    return _with_name_note(result, named)


def _with_name_note(result: GradeResult, named: str | None) -> GradeResult:
    if named is not None:
        result.details.setdefault("notes", []).append(name_note(named))
    return result


@lru_cache(maxsize=256)
def _prepare_symbolic(
    exercise: Exercise,
) -> tuple[VariableSpace, ParsedAnswer, tuple[tuple[sp.Basic, str], ...]]:
    """The exercise's space, parsed answer and declared wrong answers (cached per worker)."""
    names = [v.name for v in exercise.variables]
    space = _exercise_space(exercise)
    expected = parse_answer(exercise.answer, names=names, functions=exercise.functions)
    wrong = []
    for item in exercise.wrong_answers:
        try:
            value = parse_answer(item.expression, names=names, functions=exercise.functions).value
        except InvalidAnswer:
            continue  # the content linter reports it; grading goes on without it
        wrong.append((value, item.message))
    return space, expected, tuple(wrong)


@lru_cache(maxsize=256)
def _exercise_space(exercise: Exercise) -> VariableSpace:
    """The exercise's variables with their domains and ``where`` relations."""
    names = [v.name for v in exercise.variables]

    def relation(text: str, space: VariableSpace) -> sp.Basic:
        parsed = parse_answer(text, names=names, functions=exercise.functions, allow_relations=True)
        return space.adopt(parsed.value)

    return domains_from_variables(exercise.variables, exercise.where, relation)


def _grade_structured(exercise: Exercise, answer: str) -> GradeResult | None:
    """An expected inequality, set, list or and/or: compared as ``grade_expression`` does;
    None when the expected answer is a plain formula or equation."""
    if not uses_connectives(exercise.answer):
        return None
    try:
        space = _exercise_space(exercise)
    except (InvalidAnswer, DomainError, ValueError):
        return None  # reported by _prepare_symbolic
    rng = random.Random(_seed(exercise.id, answer))
    return grade_compound(exercise.answer, answer, space, EXACT, rng)


def _read_expected(expect: str, space: VariableSpace) -> ParsedAnswer:
    """The expected answer; names it uses beyond ``where`` become real variables."""
    if not space.domains:
        return parse_answer(expect)
    try:
        return parse_answer(expect, names=list(space.domains))
    except InvalidAnswer:
        free = parse_answer(expect).names
        return parse_answer(expect, names=sorted(set(space.domains) | free))


def _read_typed(answer: str, space: VariableSpace, expected_names: frozenset[str]) -> ParsedAnswer:
    """The learner's answer over the expected answer's names.

    An unknown name becomes a variable of its own, so the answer is graded (and is wrong)
    rather than unreadable, as in STACK; the parser's "did you mean" hint is kept as a note.
    """
    names = sorted(set(space.domains) | expected_names)
    if not names:
        return parse_answer(answer)
    try:
        return parse_answer(answer, names=names)
    except InvalidAnswer as exc:
        if not str(exc).startswith("unknown name"):
            raise
        free = parse_answer(answer).names
        parsed = parse_answer(answer, names=sorted(set(names) | free))
        return replace(parsed, notes=(*parsed.notes, str(exc)))


_COUNTS = parse_domain("integer >= 0")


def _summed_to(space: VariableSpace, value: sp.Basic) -> VariableSpace:
    """An undeclared limit of a sum or product (sum(k^2, k, 1, n)) is a whole number."""
    limits = set()
    for node in value.atoms(sp.Sum, sp.Product):
        for _, low, high in node.limits:
            limits |= {s.name for s in low.free_symbols | high.free_symbols}
    extra = {name: _COUNTS for name in limits if name not in space.domains}
    if not extra:
        return space
    return VariableSpace({**space.domains, **extra}, space.conditions)


def _judge(
    expected: ParsedAnswer,
    typed: ParsedAnswer,
    space: VariableSpace,
    tol: Tol,
    wrong_answers: Sequence[tuple[sp.Basic, str]],
    expected_text: str,
    seed: int,
) -> GradeResult:
    base = GradeResult(Verdict.UNDECIDED, "", interpreted=typed.interpreted, expected=expected_text)
    if typed.notes:
        base.details["notes"] = list(typed.notes)
    space = _summed_to(space, typed.value).including(typed.names)
    rng = random.Random(seed)
    if expected.kind == "equation" or typed.kind == "equation":
        return _judge_equations(expected, typed, space, base, rng)
    if expected.kind != "expression" or typed.kind != "expression":
        base.verdict, base.message = Verdict.INVALID, "inequalities are not accepted here"
        return base
    a, b = expected.expr, typed.expr
    if a in _INFINITIES or b in _INFINITIES:
        same = a == b  # ∞ is an answer of its own (a limit, an interval's end), not a number
        base.verdict, base.message = (
            (Verdict.CORRECT, "correct")
            if same
            else (Verdict.INCORRECT, "not equivalent to the expected answer")
        )
        return base
    if not b.free_symbols and _undefined(b):
        base.verdict, base.message = (
            Verdict.INVALID,
            "your answer is undefined (e.g. a division by zero)",
        )
        return base
    evidence = equivalent(a, b, space, tol=tol, rng=rng)
    base.details["evidence"] = evidence.to_dict()
    if evidence.equivalent:
        base.verdict = Verdict.CORRECT
        base.message = "correct" if tol is EXACT else "correct (within the tolerance)"
        return base
    if evidence.verdict == "unknown":
        base.message = f"could not decide: {evidence.how}"
        return base
    base.verdict = Verdict.INCORRECT
    diagnosis = declared_mistake(b, wrong_answers, space, rng) or _generic(a, b, space, tol, rng)
    _explain(base, diagnosis, evidence)
    return base


def _generic(
    a: sp.Basic, b: sp.Basic, space: VariableSpace, tol: Tol, rng: random.Random
) -> Diagnosis | None:
    if not a.free_symbols and not b.free_symbols:
        try:
            va, vb = as_real(evaluate(exact(a), {})), as_real(evaluate(exact(b), {}))
        except Undefined:
            return None
        if va is None or vb is None:
            return None
        return diagnose_number(va, vb, tol)
    return diagnose(exact(a), exact(b), space, rng)


def _explain(result: GradeResult, diagnosis: Diagnosis | None, evidence: Evidence) -> None:
    if diagnosis is not None:
        result.mistake, result.message = diagnosis.mistake, diagnosis.message
        return
    result.message = "not equivalent to the expected answer"
    if evidence.how == "real-vs-complex" and evidence.counterexample:
        result.message += f" (one of them is not a real number at {_at(evidence.counterexample)})"
    elif evidence.how == "undefined-where-expected" and evidence.counterexample:
        result.message += (
            f": yours is not defined at {_at(evidence.counterexample)}, where the expected"
            " answer is (an absolute value or a condition left out?)"
        )
    elif evidence.counterexample and evidence.samples:
        last = evidence.samples[-1]
        yours, expected = mpmath.nstr(last.answer, 6), mpmath.nstr(last.expected, 6)
        if yours == expected:  # equal to six figures: a rounded constant, not a slip
            result.message += (
                f", though it agrees to six figures (at {_at(evidence.counterexample)} both"
                f" are {yours}): a rounded decimal where an exact value is meant?"
            )
        else:
            result.message += (
                f": at {_at(evidence.counterexample)} yours is {yours}, expected {expected}"
            )


def _at(point: Mapping[str, str]) -> str:
    """The point as a learner reads it: 2.68997, not the exact 537993/200000 drawn."""
    return ", ".join(f"{k} = {_decimal(v)}" for k, v in point.items())


def _decimal(value: str) -> str:
    top, slash, bottom = value.partition("/")
    if not slash or not top.lstrip("-").isdigit() or not bottom.isdigit():
        return value
    return mpmath.nstr(mpmath.mpf(int(top)) / int(bottom), 6)


def _judge_equations(
    expected: ParsedAnswer,
    typed: ParsedAnswer,
    space: VariableSpace,
    base: GradeResult,
    rng: random.Random,
) -> GradeResult:
    if expected.kind != "equation":
        base.verdict, base.message = (
            Verdict.INCORRECT,
            "an expression is expected here, not an equation",
        )
        base.mistake = "form"
        return base
    if typed.kind != "equation":
        base.verdict, base.message = Verdict.INCORRECT, "an equation (lhs = rhs) is expected here"
        base.mistake = "form"
        return base
    evidence = equations_equivalent(expected.equation, typed.equation, space, rng=rng)
    base.details["evidence"] = evidence.to_dict()
    if evidence.equivalent:
        base.verdict, base.message = Verdict.CORRECT, "correct"
    elif evidence.verdict == "different":
        base.verdict, base.message = (
            Verdict.INCORRECT,
            "this equation does not have the same solutions",
        )
    else:
        base.message = f"could not decide: {evidence.how}"
    return base


_INFINITIES = (sp.oo, -sp.oo)


def _undefined(expr: sp.Basic) -> bool:
    if expr.has(sp.zoo, sp.nan):
        return True
    try:
        evaluate(exact(expr), {})
    except Undefined:
        return True
    return False


# --------------------------------------------------------------------------- numeric exercises


def _grade_numeric(
    exercise: Exercise, answer: str, params: Mapping[str, object] | None
) -> GradeResult:
    from studyapp.references import InvalidReference, expected_value

    try:
        expected_number = expected_value(exercise, params or None)
    except InvalidReference as exc:
        return GradeResult(
            Verdict.UNDECIDED,
            f"exercise '{exercise.id}' cannot be graded: {exc}",
            details={"error": str(exc)},
        )
    shown_expected = exercise.answer if not params else f"{expected_number:.6g}"
    try:
        reading = read_numeric(answer, exercise.unit)
    except InvalidAnswer as exc:
        return _invalid(str(exc), column=exc.column)
    typed = reading.parsed
    base = GradeResult(Verdict.UNDECIDED, "", interpreted=reading.shown, expected=shown_expected)
    if reading.notes:
        base.details["notes"] = list(reading.notes)
    if typed.kind != "expression" or typed.expr.free_symbols:
        base.verdict, base.message = (
            Verdict.INVALID,
            "a number (or arithmetic on numbers) is expected here",
        )
        return base
    sandbox.report_progress("parsed")
    try:
        value = as_real(evaluate(exact(typed.expr), {}))
    except Undefined:
        value = None
    if value is None:
        base.verdict, base.message = Verdict.INVALID, "your answer is not a finite real number"
        return base
    value *= as_mpf(reading.scale)
    tol = tolerance_of(exercise.tolerance)
    expected_mp = mpmath.mpf(expected_number)
    base.details["value"] = float(value)
    base.details["expected_value"] = expected_number
    if tol.close(expected_mp, value):
        base.verdict, base.message = Verdict.CORRECT, "correct"
        return base
    side = square_side(reading.text)
    if side is not None and tol.close(expected_mp, mpmath.mpf(side) * as_mpf(reading.scale)):
        base.verdict = Verdict.CORRECT
        base.message = f"correct (read {reading.text.strip()} as a square of side {side})"
        return base
    figures = None
    if exercise.tolerance.value and reading.scale == 1:  # an exact count is never rounded
        figures = rounded_from(reading.text, expected_number)
    if figures is not None:
        base.verdict = Verdict.CORRECT
        base.message = f"correct (rounded to {figures} significant figures)"
        return base
    base.verdict = Verdict.INCORRECT
    diagnosis = (
        _declared_number(value, exercise)
        or unit_slip(value, reading.scale, reading.unit, expected_mp, tol, exercise.unit)
        or diagnose_number(expected_mp, value, tol, figures_written(reading.text) is not None)
    )
    if diagnosis is not None:
        base.mistake, base.message = diagnosis.mistake, diagnosis.message
    else:
        base.message = f"not within the tolerance of the expected value {float(expected_mp):.6g}"
    return base


def _declared_number(value: mpmath.mpf, exercise: Exercise) -> Diagnosis | None:
    for wrong in exercise.wrong_answers:
        try:
            parsed = parse_answer(wrong.expression, names=())
            wrong_value = as_real(evaluate(exact(parsed.value), {}))
        except (InvalidAnswer, Undefined):
            continue
        if wrong_value is not None and tolerance_of(exercise.tolerance).close(wrong_value, value):
            return Diagnosis("declared", wrong.message)
    return None


def tolerance_of(tolerance: Tolerance) -> Tol:
    """The content model's tolerance as a comparison (``rel 0`` = exact, up to float noise)."""
    if tolerance.mode == "rel" and tolerance.value == 0:
        return Tol("rel", 1e-12)
    return Tol(tolerance.mode, float(tolerance.value))


def read_tolerance(tol: object) -> Tol:
    """A batch line's ``tol``: 1e-3 (relative), "abs 0.01", "3 sigfig", {"mode", "value"}."""
    if tol is None:
        return EXACT
    if isinstance(tol, bool):
        raise TypeError("tol must be a number, a string or an object")
    if isinstance(tol, (int, float)):
        return _checked_tol("rel", float(tol))
    if isinstance(tol, Mapping):
        return _checked_tol(str(tol.get("mode", "rel")), float(tol.get("value", 0)))
    if isinstance(tol, str):
        words = tol.replace(":", " ").split()
        if len(words) == 1:
            return _checked_tol("rel", float(words[0]))
        if len(words) == 2:
            first, second = words
            mode, value = (first, second) if first.isalpha() else (second, first)
            mode = {"sf": "sigfig", "sigfigs": "sigfig", "relative": "rel", "absolute": "abs"}.get(
                mode, mode
            )
            return _checked_tol(mode, float(value))
    raise ValueError(f"cannot read tolerance {tol!r}")


def _checked_tol(mode: str, value: float) -> Tol:
    if mode not in ("rel", "abs", "sigfig") or not (value >= 0) or value == float("inf"):
        raise ValueError(f"bad tolerance {mode} {value}")
    return Tol(mode, value) if value > 0 else EXACT


def _seed(*parts: str) -> int:
    return zlib.crc32("\x00".join(parts).encode("utf-8", "replace"))
