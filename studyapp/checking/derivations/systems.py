"""Systems of equations in several variables: the same real solutions, or a subset of them.

``2x + 3y = 6 and 4x + 9y = 15`` → ``y = 1 and x = 3/2``: random points almost never
satisfy an equation, so sampling cannot compare such lines. Instead each line is put in
disjunctive normal form, every conjunction of polynomial equations is solved (sympy's
``solve``, as STACK solves with Maxima's ``algsys``), and each solution of one line is
checked against the other: every solution of the previous line satisfies the new one
(nothing lost) and the other way round (nothing gained). A solution may be a family
(``b = a²`` with ``a`` free); it is checked at a few random values of its free variables.
Solutions that are not real, or outside the declared domains, are dropped: we work over
the reals (STACK's default is the complex numbers).
"""

from __future__ import annotations

import cmath
import random
from dataclasses import dataclass

import sympy as sp

from studyapp.checking.derivations.result import StepResult, StepStatus
from studyapp.checking.meaning import VariableSpace, sample_points

MAX_UNKNOWNS = 6
MAX_DEGREE = 8  # total degree of one equation: above this solve() can take too long
MAX_BEZOUT = 64  # product of the degrees of one conjunction: a bound on its solutions
MAX_CONJUNCTIONS = 16
FAMILY_POINTS = 3
TOLERANCE = 1e-9

Solution = dict[sp.Symbol, sp.Expr]


@dataclass(frozen=True)
class Solved:
    """The real solutions of one line: points and families (free variables left symbolic)."""

    solutions: tuple[Solution, ...]


def compare_systems(
    before: sp.Basic, after: sp.Basic, space: VariableSpace, seed: int = 0
) -> StepResult | None:
    """How ``after`` follows from ``before``; None when either is not a solvable system."""
    unknowns = sorted(before.free_symbols | after.free_symbols, key=lambda s: s.name)
    if not 1 < len(unknowns) <= MAX_UNKNOWNS:
        return None
    old, new = _solve(before, unknowns, space), _solve(after, unknowns, space)
    if old is None or new is None:
        return None
    rng = random.Random(seed)
    lost = _first_failing(old, after, unknowns, space, rng)
    gained = _first_failing(new, before, unknowns, space, rng)
    if lost is None and gained is None:
        return StepResult(
            StepStatus.OK, "equivalent to the previous line (the same solutions)", "equivalent"
        )
    if lost is None:
        return StepResult(
            StepStatus.IMPLIES,
            f"follows from the previous line but gains the solution {_show(gained)}",
            "solve",
        )
    if gained is None:
        return StepResult(
            StepStatus.IMPLIED_BY,
            f"not equivalent to the previous line: it loses the solution {_show(lost)}",
            "solve",
        )
    return StepResult(
        StepStatus.WRONG,
        f"not equivalent to the previous line: it loses {_show(lost)} and gains {_show(gained)}",
    )


def _solve(statement: sp.Basic, unknowns: list[sp.Symbol], space: VariableSpace) -> Solved | None:
    """Every real solution of an ``or`` of ``and``s of polynomial equations, else None."""
    if statement is sp.true or statement is sp.false:
        return Solved(({},) if statement is sp.true else ())
    if _dnf_size(statement) > MAX_CONJUNCTIONS:  # DNF can grow exponentially
        return None
    dnf = statement
    if not isinstance(statement, sp.core.relational.Relational):
        dnf = sp.logic.boolalg.to_dnf(statement)
    terms = dnf.args if isinstance(dnf, sp.Or) else (dnf,)
    if len(terms) > MAX_CONJUNCTIONS:
        return None
    found: list[Solution] = []
    for term in terms:
        equations = term.args if isinstance(term, sp.And) else (term,)
        polynomials = [_polynomial(eq, unknowns) for eq in equations]
        if any(p is None for p in polynomials) or _bezout(polynomials, unknowns) > MAX_BEZOUT:
            return None
        try:
            solutions = sp.solve(polynomials, unknowns, dict=True)
        except (NotImplementedError, ValueError, TypeError):
            return None
        found += [s for s in solutions if _admissible(s, equations, space)]
    return Solved(tuple(found))


def _polynomial(equation: sp.Basic, unknowns: list[sp.Symbol]) -> sp.Expr | None:
    """The numerator of ``lhs - rhs`` when it is a polynomial of modest degree."""
    if not isinstance(equation, sp.Eq):
        return None
    numerator = sp.together(equation.lhs - equation.rhs).as_numer_denom()[0]
    if not numerator.is_polynomial(*unknowns):
        return None
    if numerator.free_symbols and sp.Poly(numerator, *unknowns).total_degree() > MAX_DEGREE:
        return None
    return sp.expand(numerator)


def _dnf_size(statement: sp.Basic) -> int:
    """How many conjunctions the disjunctive normal form of ``statement`` has, at most."""
    if isinstance(statement, sp.Or):
        return sum(_dnf_size(arg) for arg in statement.args)
    if isinstance(statement, sp.And):
        size = 1
        for arg in statement.args:
            size *= _dnf_size(arg)
            if size > MAX_CONJUNCTIONS:
                break
        return size
    return 1


def _bezout(polynomials: list[sp.Expr], unknowns: list[sp.Symbol]) -> int:
    bound = 1
    for polynomial in polynomials:
        if polynomial.free_symbols:
            bound *= max(1, sp.Poly(polynomial, *unknowns).total_degree())
    return bound


def _admissible(solution: Solution, equations: tuple[sp.Basic, ...], space: VariableSpace) -> bool:
    """A real solution inside the domains, at which the original equations are defined."""
    for symbol, value in solution.items():
        if value.has(sp.I) or value.is_real is False:
            return False
        if not value.free_symbols:
            number = complex(sp.N(value))
            if abs(number.imag) > TOLERANCE or not space.domain(symbol.name).contains(number.real):
                return False
    if any(value.free_symbols for value in solution.values()):
        return True
    for equation in equations:
        for side in (equation.lhs, equation.rhs):
            if not _finite(side.xreplace(solution)):
                return False
    return True


def _first_failing(
    solved: Solved, statement: sp.Basic, unknowns: list[sp.Symbol], space: VariableSpace,
    rng: random.Random,
) -> Solution | None:
    """The first solution that does not satisfy ``statement`` (None: all of them do)."""
    for solution in solved.solutions:
        free = sorted(set(unknowns) - set(solution), key=lambda s: s.name)
        points = _family_points(free, space, rng) if free else [{}]
        for point in points:
            full = {s: v.xreplace(point) for s, v in solution.items()} | point
            holds = _holds(statement, full)
            if holds is None:
                continue  # not defined at this draw of the family
            if not holds:
                # a point stays a point; a family is shown as found (``x = 1`` for any y)
                return full if not free else {**solution, **{s: s for s in free}}
    return None


def _family_points(free: list[sp.Symbol], space: VariableSpace, rng: random.Random) -> list[Solution]:
    names = [s.name for s in free]
    drawn = sample_points(space, FAMILY_POINTS, rng, names=names)
    by_name = {s.name: s for s in free}
    return [{by_name[k.name]: v for k, v in point.items() if k.name in by_name} for point in drawn]


def _holds(statement: sp.Basic, point: Solution) -> bool | None:
    """The truth of a proposition at a point (None: undefined there)."""
    if statement is sp.true or statement is sp.false:
        return bool(statement)
    if isinstance(statement, (sp.And, sp.Or)):
        values = [_holds(part, point) for part in statement.args]
        if None in values:
            return None
        return all(values) if isinstance(statement, sp.And) else any(values)
    if isinstance(statement, sp.Not):
        value = _holds(statement.args[0], point)
        return None if value is None else not value
    if isinstance(statement, sp.core.relational.Relational):
        left = _number(statement.lhs.xreplace(point))
        right = _number(statement.rhs.xreplace(point))
        if left is None or right is None:
            return None
        scale = max(1.0, abs(left), abs(right))
        if isinstance(statement, sp.Eq):
            return abs(left - right) <= TOLERANCE * scale
        if isinstance(statement, sp.Ne):
            return abs(left - right) > TOLERANCE * scale
        if abs(left.imag) > TOLERANCE or abs(right.imag) > TOLERANCE:
            return None
        return bool(statement.func(sp.Float(left.real), sp.Float(right.real)))
    return None


def _number(expr: sp.Expr) -> complex | None:
    try:
        value = complex(sp.N(expr, 30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not cmath.isfinite(value):
        return None
    return value


def _finite(expr: sp.Expr) -> bool:
    value = _number(expr)
    return value is not None and abs(value.imag) <= TOLERANCE


def _show(solution: Solution) -> str:
    ordered = sorted(solution.items(), key=lambda item: item[0].name)
    fixed = ", ".join(f"{s} = {sp.sstr(v)}" for s, v in ordered if v != s)
    free = [str(s) for s, v in ordered if v == s]
    return fixed + (f" for any {', '.join(free)}" if free else "")
