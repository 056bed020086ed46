"""Answer tests on structure: systems of equations, the kind of answer, and
equivalence up to renamed variables."""

from __future__ import annotations

import itertools
import random

import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests.common import verdict
from studyapp.checking.meaning import (
    EXACT,
    Compiled,
    Undefined,
    Value,
    ValueGroup,
    VariableSpace,
    compile_expr,
    point_env,
    read_values,
    run,
    sample_points,
    values_agree,
)
from studyapp.checking.reading import (
    Collection,
    Comparison,
    Formula,
    Logic,
    MatrixOf,
    Shape,
    exact,
    read_structure,
)
from studyapp.checking.verdict import GradeResult, Verdict

MAX_RENAMED = 6  # variables; 6! = 720 orderings are tried at most


def system(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    want, got = _equations(expected), _equations(typed)
    if want is None or got is None:
        return verdict(False, "give a list of equations", interpreted)
    sandbox.report_progress("parsed")
    unknowns = sorted(set().union(*(e.free_symbols for e in want + got)), key=lambda s: s.name)
    # polynomial systems first: a solution of one that fails the other settles it before
    # solve is asked the harder system (v*t^t = 90 can keep it busy for minutes)
    first, second = sorted((want, got), key=lambda zeros: not _polynomial(zeros, unknowns))
    same = True
    for solved, other in ((first, second), (second, first)):
        solutions = _solve(solved, unknowns)
        if solutions is None:
            return GradeResult(Verdict.UNDECIDED, "could not solve the systems", interpreted)
        same = all(_satisfies(s, other) for s in solutions)
        if not same:
            break
    return verdict(same, "this system does not have the same solutions", interpreted)


def _polynomial(zeros: list[sp.Expr], unknowns: list[sp.Symbol]) -> bool:
    return all(sp.together(zero).as_numer_denom()[0].is_polynomial(*unknowns) for zero in zeros)


def _equations(value: object) -> list[sp.Expr] | None:
    """``[a = b, ...]`` as the list of ``a - b``; None when it holds anything else."""
    items = (
        value.items if isinstance(value, ValueGroup) and value.kind in ("list", "set") else (value,)
    )
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


def same_type(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected_node, typed_node = read_structure(expect), read_structure(answer)
    read_values(expect, answer, space)  # both must be readable formulas
    same = _same_kind(expected_node, typed_node)
    return verdict(same, "a different kind of answer is expected")


def _same_kind(a: Shape, b: Shape) -> bool:
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


def _kind(node: Shape) -> str:
    if isinstance(node, Formula):
        return "expression"
    if isinstance(node, Comparison):
        return "equation" if node.op == "=" else "inequality"
    if isinstance(node, Logic):
        return "inequality"
    if isinstance(node, Collection):
        return node.kind
    return type(node).__name__


# --------------------------------------------------------------------------- renaming


def rename(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    expected, typed, space, interpreted = read_values(expect, answer, space)
    sandbox.report_progress("parsed")
    kept = set(arguments)
    theirs = sorted((s for s in _free(typed) if s.name not in kept), key=lambda s: s.name)
    ours = sorted((s for s in _free(expected) if s.name not in kept), key=lambda s: s.name)
    if len(theirs) != len(ours):
        return verdict(False, "your answer has a different number of variables", interpreted)
    if len(ours) > MAX_RENAMED:
        return GradeResult(Verdict.UNDECIDED, f"too many variables to rename (over {MAX_RENAMED})")
    screen = _Screen(expected, typed, space, rng)
    for order in itertools.permutations(ours):
        mapping = dict(zip(theirs, order, strict=True))
        if not screen.may_match(mapping):
            continue
        if values_agree(expected, _substitute(typed, mapping), space, EXACT, rng):
            return verdict(True, "", interpreted)
    return verdict(False, "not equivalent under any renaming of the variables", interpreted)


class _Screen:
    """A quick look at one random point that rules most renamings out before the full
    comparison (720 of them would not fit in the time cap otherwise)."""

    def __init__(
        self, expected: object, typed: object, space: VariableSpace, rng: random.Random
    ) -> None:
        self._active = isinstance(expected, sp.Expr) and isinstance(typed, sp.Expr)
        if not self._active:
            return
        names = {s.name for s in expected.free_symbols | typed.free_symbols}
        point = next(iter(sample_points(space.including(names), 1, rng)), None)
        self._env = point_env(point) if point else {}
        self._typed = compile_expr(exact(typed))
        self._want = self._value(compile_expr(exact(expected)), self._env)

    def may_match(self, mapping: dict[sp.Symbol, sp.Symbol]) -> bool:
        if not self._active or self._want is None:
            return True
        env = dict(self._env)
        env.update({theirs.name: self._env[ours.name] for theirs, ours in mapping.items()})
        got = self._value(self._typed, env)
        if got is None:
            return True
        return abs(got - self._want) <= 1e-9 * max(1, abs(self._want))

    @staticmethod
    def _value(compiled: Compiled, env: dict) -> Value | None:
        try:
            return run(compiled, env)
        except Undefined:
            return None


def _free(value: object) -> set[sp.Symbol]:
    if isinstance(value, ValueGroup):
        return set().union(set(), *(_free(item) for item in value.items))
    return set(getattr(value, "free_symbols", ()))


def _substitute(value: object, mapping: dict) -> object:
    if isinstance(value, ValueGroup):
        return ValueGroup(
            value.kind, tuple(_substitute(i, mapping) for i in value.items), value.shape
        )
    return value.xreplace(mapping) if isinstance(value, sp.Basic) else value
