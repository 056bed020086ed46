"""Named answer tests besides plain equivalence, as e-assessment systems offer them.

``grade_expression(expect, answer, test=...)`` picks one by name (an argument may
follow after a space):

* ``sigfigs N`` — a decimal written to N significant figures (``100`` counts as 1 to 3)
  and accurate to them; ``sigfigs N M``: accurate to M figures (M = 0: only the
  writing is checked; M = -1: at least N figures written, the first N accurate);
* ``strict-sigfigs N`` — written to exactly N significant figures, value not checked;
* ``decimals N`` — written to N decimal places, equal to the expected value so rounded;
* ``digits N`` — the same first N significant digits as the expected number, wherever
  the decimal point is (``31.41`` for ``3.141``: the point in the wrong place);
* ``greater`` / ``at-least`` — a number above (or not below) the expected one;
* ``system`` — a list of equations with the same real solutions as the expected list;
* ``same-type`` — only the kind of answer: number, equation, inequality, set, list...;
* ``rename`` — equivalent once the answer's variables are renamed (``t`` for ``x``);
  ``rename x y``: x and y keep their names;
* ``same-form`` — the expected answer written with its terms and factors in another order
  or grouping, nothing else changed (``x*2+1`` for ``1+2*x``, not ``x+x+1``);
* ``identical`` — the expected answer exactly as written, up to spaces (``x+1`` is not
  ``1+x``);
* ``factored`` — equivalent, and written as a product of irreducible factors with no
  whole-number common factor left inside (``2*x*(x-3)``, not ``x*(2*x-6)``);
* ``single-fraction`` — equivalent, and written as one fraction (``(2*a+1)/2``);
* ``expanded``, ``lowest-terms`` — only how the answer is written: no product of sums
  left; every fraction of whole numbers cancelled and no root left in a denominator
  (pair them with an equivalence check);
* ``text``, ``sloppy-text``, ``pattern`` — the answer as text: exactly the expected
  text, the same up to case and spaces, or matching the expected regular expression;
* ``antiderivative x`` — its derivative in x is the expected one's, whatever constant
  is added; ``integral x`` also wants one arbitrary constant of integration (``+ C``,
  or ``ln(k·x)``) and keeps an expected ``ln|x|`` from becoming ``ln x``.

These mirror STACK's NumSigFigs, SigFigsStrict, NumDecPlaces, NumDecPlacesWrong, GT, GTE, SysEquiv,
SameType, SubstEquiv, CasEqual, EqualComAss, FacForm, SingleFrac, Expanded, LowestTerms, String,
StringSloppy, SRegExp, Antidiff and Int answer tests.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

import mpmath
import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.compound import Group, read_values, values_agree
from studyapp.checking.domains import VariableSpace, sample_points
from studyapp.checking.equivalence import EXACT
from studyapp.checking.evaluate import Undefined, as_real, evaluate, exact
from studyapp.checking.form import (
    identical,
    in_lowest_terms,
    is_expanded,
    is_factored,
    is_single_fraction,
    read_as_written,
    same_form,
)
from studyapp.checking.grade import GradeResult
from studyapp.checking.invalid import InvalidAnswer
from studyapp.checking.parse import parse_answer
from studyapp.checking.rounding import decimal_places, significant_figures
from studyapp.checking.structure import (
    Collection,
    Formula,
    Logic,
    MatrixOf,
    Node,
    Relation,
    StructureError,
    read_structure,
)
from studyapp.checking.text_answers import (
    BadPattern,
    matches_pattern,
    same_text,
    same_text_sloppily,
    text_of,
)
from studyapp.checking.written import Written, written_number

MAX_RENAMED = 6  # variables; 6! = 720 orderings are tried at most


class UnknownTest(ValueError):
    """A test name (or its argument) that this module does not offer."""


Grader = Callable[[str, str, list, VariableSpace, random.Random], GradeResult]


def run_answer_test(
    test: str, expect: str, answer: str, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """Grade ``answer`` against ``expect`` with the named test (see the module docstring)."""
    name, numbers = read_test(test)
    try:
        return _GRADERS[name](expect, answer, numbers, space, rng)
    except StructureError as exc:
        return GradeResult("invalid", str(exc))
    except InvalidAnswer as exc:
        return GradeResult("invalid", str(exc), details={"column": exc.column})


def read_test(test: str) -> tuple[str, list]:
    """``"sigfigs 3 2"`` → ``("sigfigs", [3, 2])``, ``"rename x"`` → ``("rename", ["x"])``;
    raises UnknownTest."""
    words = test.replace(",", " ").split()
    if not words or words[0] not in _GRADERS:
        raise UnknownTest(f"unknown test {test!r}; known: {', '.join(sorted(_GRADERS))}")
    name, arguments = words[0], words[1:]
    if name in _NAMED_ARGUMENTS:  # variable names
        if not all(word.isidentifier() for word in arguments):
            raise UnknownTest(f"test {test!r}: the arguments must be variable names")
        if name != "rename" and len(arguments) > 1:
            raise UnknownTest(f"test {name!r} takes one variable")
        return name, arguments
    try:
        numbers = [int(word) for word in arguments]
    except ValueError:
        raise UnknownTest(f"test {test!r}: the arguments must be whole numbers") from None
    wanted = _ARGUMENTS[name]
    if len(numbers) not in wanted:
        raise UnknownTest(f"test {name!r} takes {' or '.join(map(str, wanted))} number(s)")
    if numbers and numbers[0] < 1:
        raise UnknownTest(f"test {test!r}: the count must be at least 1")
    if name == "sigfigs" and len(numbers) == 2 and not -1 <= numbers[1] <= numbers[0]:
        raise UnknownTest(f"test {test!r}: the accuracy must be from -1 to {numbers[0]}")
    return name, numbers


def _verdict(ok: bool, message: str, interpreted: str | None = None) -> GradeResult:
    return GradeResult("correct" if ok else "incorrect", "correct" if ok else message, interpreted)


# --------------------------------------------------------------------------- numbers


def _number(text: str, whose: str) -> sp.Expr:
    parsed = parse_answer(text)
    if parsed.kind != "expression" or parsed.expr.free_symbols:
        raise InvalidAnswer(f"{whose} should be a number")
    try:
        value = as_real(evaluate(exact(parsed.expr), {}))
    except Undefined:
        value = None
    if value is None:
        raise InvalidAnswer(f"{whose} is not a finite real number")
    return exact(parsed.expr)


def _written(answer: str) -> Written:
    written = written_number(answer)
    if written is None:
        raise InvalidAnswer("give a decimal number such as 0.0250 or 2.50e-2")
    return written


def _sigfigs(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    figures, accuracy = (numbers * 2)[:2]
    written = _written(answer)
    at_least = accuracy == -1
    if at_least:
        enough = written.most >= figures
    else:
        enough = written.fewest <= figures <= written.most
    if not enough:
        return _verdict(False, f"write your answer to {figures} significant figures")
    if accuracy == 0:
        return _verdict(True, "")
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    if sp.sign(got) != sp.sign(want):
        return _verdict(False, "the sign is wrong")
    rounded = significant_figures(abs(want), sp.Integer(figures))
    got = significant_figures(abs(got), sp.Integer(figures)) if at_least else abs(got)
    places = accuracy if accuracy > 0 else figures
    unit = _last_place(rounded, places)
    if abs(got - rounded) < unit / 2:
        return _verdict(True, "")
    return _verdict(False, "not accurate to the significant figures asked for")


def _last_place(value: sp.Expr, figures: int) -> sp.Expr:
    """The value of one unit in the ``figures``-th significant place of ``value``."""
    if value == 0:
        return sp.Integer(10) ** -figures
    magnitude = sp.floor(sp.log(value, 10))
    if sp.Integer(10) ** (magnitude + 1) <= value:  # log's float rounding at powers of ten
        magnitude += 1
    return sp.Integer(10) ** (magnitude - figures + 1)


def _strict_sigfigs(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    figures = numbers[0]
    written = _written(answer)
    return _verdict(written.fewest == figures, f"write exactly {figures} significant figures")


def _decimals(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    places = numbers[0]
    written = _written(answer)
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    if written.places != places:
        return _verdict(False, f"write your answer to {places} decimal places")
    same = decimal_places(got, sp.Integer(places)) == decimal_places(want, sp.Integer(places))
    return _verdict(same, f"not equal to the expected value to {places} decimal places")


def _digits(
    expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    count = numbers[0]
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    same = _leading_digits(got, count) == _leading_digits(want, count)
    return _verdict(same, f"the first {count} significant digits differ")


def _leading_digits(value: sp.Expr, count: int) -> str:
    """The first ``count`` significant digits of ``value``, cut off, not rounded."""
    with mpmath.workdps(count + 20):
        number = abs(evaluate(value, {}))
        text = mpmath.nstr(number, count + 10, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)
    digits = text.replace(".", "").lstrip("0")
    return (digits + "0" * count)[:count]


def _compare_numbers(strict: bool) -> Grader:
    def grade(
        expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
        sandbox.report_progress("parsed")
        with mpmath.workdps(40):
            a, b = evaluate(got, {}), evaluate(want, {})
        above = a > b if strict else a >= b
        word = "greater than" if strict else "at least"
        return _verdict(bool(above), f"your answer should be {word} {expect}")

    return grade


# --------------------------------------------------------------------------- systems


def _system(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    want, got = _equations(expected), _equations(typed)
    if want is None or got is None:
        return _verdict(False, "give a list of equations", interpreted)
    sandbox.report_progress("parsed")
    unknowns = sorted(set().union(*(e.free_symbols for e in want + got)), key=lambda s: s.name)
    solutions_want, solutions_got = _solve(want, unknowns), _solve(got, unknowns)
    if solutions_want is None or solutions_got is None:
        return GradeResult("undecided", "could not solve the systems", interpreted)
    same = all(_satisfies(s, got) for s in solutions_want) and all(
        _satisfies(s, want) for s in solutions_got
    )
    return _verdict(same, "this system does not have the same solutions", interpreted)


def _equations(value: object) -> list[sp.Expr] | None:
    """``[a = b, ...]`` as the list of ``a - b``; None when it holds anything else."""
    items = value.items if isinstance(value, Group) and value.kind in ("list", "set") else (value,)
    if not all(isinstance(item, sp.Eq) for item in items):
        return None
    return [exact(item.lhs - item.rhs) for item in items]


def _solve(zeros: list[sp.Expr], unknowns: list[sp.Symbol]) -> list[dict] | None:
    try:
        solutions = sp.solve(zeros, unknowns, dict=True)
    except (NotImplementedError, ValueError, TypeError):
        return None
    return [s for s in solutions if all(v.is_real is not False for v in s.values())]


def _satisfies(solution: dict, zeros: list[sp.Expr]) -> bool:
    return all(sp.simplify(zero.subs(solution)) == 0 for zero in zeros)


# --------------------------------------------------------------------------- kinds


def _same_type(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected_node, typed_node = read_structure(expect), read_structure(answer)
    read_values(expect, answer, space)  # both must be readable formulas
    same = _same_kind(expected_node, typed_node)
    return _verdict(same, "a different kind of answer is expected")


def _same_kind(a: Node, b: Node) -> bool:
    """Lists and matrices of one size compare their entries' kinds, so [1, x > 2] and
    [1, x] differ while [1, 2] and [1, 2, 3] do not."""
    kind_a, kind_b = _kind(a), _kind(b)
    if kind_a != kind_b:
        return False
    if isinstance(a, Collection) and isinstance(b, Collection) and kind_a != "set":
        entries = list(zip(a.items, b.items))
        same_size = len(a.items) == len(b.items)
    elif isinstance(a, MatrixOf) and isinstance(b, MatrixOf):
        entries = [(x, y) for ra, rb in zip(a.rows, b.rows) for x, y in zip(ra, rb)]
        same_size = (len(a.rows), len(a.rows[0])) == (len(b.rows), len(b.rows[0]))
    else:
        return True
    return not same_size or all(_same_kind(x, y) for x, y in entries)


def _kind(node: Node) -> str:
    if isinstance(node, Formula):
        return "expression"
    if isinstance(node, Relation):
        return "equation" if node.op == "=" else "inequality"
    if isinstance(node, Logic):
        return "inequality"
    if isinstance(node, Collection):
        return node.kind
    return type(node).__name__


# --------------------------------------------------------------------------- renaming


def _rename(
    expect: str, answer: str, numbers: list[int], space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    sandbox.report_progress("parsed")
    kept = set(numbers)
    theirs = sorted((s for s in _free(typed) if s.name not in kept), key=lambda s: s.name)
    ours = sorted((s for s in _free(expected) if s.name not in kept), key=lambda s: s.name)
    if len(theirs) != len(ours):
        return _verdict(False, "your answer has a different number of variables", interpreted)
    if len(ours) > MAX_RENAMED:
        return GradeResult("undecided", f"too many variables to rename (over {MAX_RENAMED})")
    for order in itertools.permutations(ours):
        renamed = _substitute(typed, dict(zip(theirs, order, strict=True)))
        if values_agree(expected, renamed, space, EXACT, rng):
            return _verdict(True, "", interpreted)
    return _verdict(False, "not equivalent under any renaming of the variables", interpreted)


def _free(value: object) -> set[sp.Symbol]:
    if isinstance(value, Group):
        return set().union(set(), *(_free(item) for item in value.items))
    return set(getattr(value, "free_symbols", ()))


def _substitute(value: object, mapping: dict) -> object:
    if isinstance(value, Group):
        return Group(value.kind, tuple(_substitute(i, mapping) for i in value.items), value.shape)
    return value.xreplace(mapping) if isinstance(value, sp.Basic) else value


# --------------------------------------------------------------------------- form


def _same_form(
    expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, interpreted = read_as_written(expect, answer, space)
    message = "equivalent, perhaps, but not written in the form asked for"
    return _verdict(same_form(expected, typed), message, interpreted)


def _identical(
    expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, interpreted = read_as_written(expect, answer, space)
    return _verdict(identical(expected, typed), "not written as expected", interpreted)


def _factored(
    expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    _, written, _ = read_as_written(expect, answer, space)
    sandbox.report_progress("parsed")
    if not values_agree(expected, typed, space, EXACT, rng):
        return _verdict(False, "not equivalent to the expected answer", interpreted)
    return _verdict(is_factored(written), "equivalent, but not fully factored", interpreted)


def _single_fraction(
    expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    _, written, _ = read_as_written(expect, answer, space)
    sandbox.report_progress("parsed")
    if not values_agree(expected, typed, space, EXACT, rng):
        return _verdict(False, "not equivalent to the expected answer", interpreted)
    single = isinstance(written, sp.Expr) and is_single_fraction(written)
    return _verdict(single, "equivalent, but not written as a single fraction", interpreted)


def _written_as(check: Callable[[object], bool], message: str) -> Grader:
    def grade(
        expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        _, written, interpreted = read_as_written(expect, answer, space)
        return _verdict(check(written), message, interpreted)

    return grade


# --------------------------------------------------------------------------- text


def _as_text(compare: Callable[[str, str], bool]) -> Grader:
    def grade(
        expect: str, answer: str, numbers: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        try:
            same = compare(expect, answer)
        except BadPattern as exc:
            raise InvalidAnswer(f"cannot read the expected answer: {exc}") from None
        return _verdict(same, "not the expected text", text_of(answer))

    return grade


# --------------------------------------------------------------------------- integrals

_ABS_POINTS = 12


def _antiderivative(constant_needed: bool) -> Grader:
    def grade(
        expect: str, answer: str, names: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        expected, typed, space, interpreted = read_values(expect, answer, space)
        if not isinstance(expected, sp.Expr):
            raise InvalidAnswer("the expected answer should be a formula")
        if not isinstance(typed, sp.Expr):
            return _verdict(False, "give a formula", interpreted)
        sandbox.report_progress("parsed")
        variable = names[0] if names else "x"
        space = space.including([variable])
        x = space.symbols[variable]
        want = sp.diff(expected, x)
        if not values_agree(want, sp.diff(typed, x), space, EXACT, rng):
            return _verdict(False, "its derivative is not the integrand", interpreted)
        if not constant_needed:
            return _verdict(True, "", interpreted)
        constants = typed.free_symbols - want.free_symbols - {x}
        constant = constants.pop() if len(constants) == 1 else None
        if constant is None or not _arbitrary(typed, constant, x):
            return _verdict(False, "add one arbitrary constant of integration", interpreted)
        if _drops_absolute_value(expected, typed.subs(constant, 1), space, rng):
            return _verdict(False, "keep the absolute value inside the logarithm", interpreted)
        return _verdict(True, "", interpreted)

    return grade


def _arbitrary(value: sp.Expr, constant: sp.Symbol, x: sp.Symbol) -> bool:
    """``value`` is f(x) + g(c) with g linear in c, or a logarithm of c (ln(k·x))."""
    slope = sp.diff(value, constant)
    if slope == 0 or x in sp.simplify(slope).free_symbols:
        return False
    at = [_number_at(slope * factor, constant) for factor in (1, constant)]
    return any(a is not None and a[0] == a[1] for a in at)


def _number_at(expr: sp.Expr, constant: sp.Symbol) -> tuple[object, object] | None:
    """``expr`` at c = 2 and c = 3 (rounded), None when either is not a real number."""
    values = []
    for c in (2, 3):
        try:
            value = as_real(evaluate(exact(expr.subs(constant, c)), {}))
        except Undefined:
            return None
        if value is None:
            return None
        values.append(mpmath.nstr(value, 20))
    return values[0], values[1]


def _drops_absolute_value(
    expected: sp.Expr, typed: sp.Expr, space: VariableSpace, rng: random.Random
) -> bool:
    """The expected answer takes a logarithm of an absolute value (ln|x|) and the answer,
    a logarithm, is not real at some point where the expected answer is."""
    logs_of_abs = any(node.args[0].has(sp.Abs) for node in expected.atoms(sp.log))
    if not logs_of_abs or not typed.has(sp.log):
        return False
    for point in sample_points(space, _ABS_POINTS, rng):
        try:
            want = as_real(evaluate(exact(expected), point))
            got = as_real(evaluate(exact(typed), point))
        except Undefined:
            continue
        if want is not None and got is None:
            return True
    return False


_GRADERS: dict[str, Grader] = {
    "sigfigs": _sigfigs,
    "strict-sigfigs": _strict_sigfigs,
    "decimals": _decimals,
    "digits": _digits,
    "greater": _compare_numbers(strict=True),
    "at-least": _compare_numbers(strict=False),
    "system": _system,
    "same-type": _same_type,
    "rename": _rename,
    "same-form": _same_form,
    "identical": _identical,
    "factored": _factored,
    "single-fraction": _single_fraction,
    "expanded": _written_as(is_expanded, "not expanded: multiply out the brackets"),
    "lowest-terms": _written_as(in_lowest_terms, "not in lowest terms"),
    "text": _as_text(same_text),
    "sloppy-text": _as_text(same_text_sloppily),
    "pattern": _as_text(matches_pattern),
    "antiderivative": _antiderivative(constant_needed=False),
    "integral": _antiderivative(constant_needed=True),
}
_NAMED_ARGUMENTS = ("rename", "antiderivative", "integral")
_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "sigfigs": (1, 2),
    "strict-sigfigs": (1,),
    "decimals": (1,),
    "digits": (1,),
    "greater": (0,),
    "at-least": (0,),
    "system": (0,),
    "same-type": (0,),
    "same-form": (0,),
    "identical": (0,),
    "factored": (0,),
    "single-fraction": (0,),
    "expanded": (0,),
    "lowest-terms": (0,),
    "text": (0,),
    "sloppy-text": (0,),
    "pattern": (0,),
}
