"""Grading answers with structure: sets, lists, matrices, inequalities, logic and text.

The shape comes from :mod:`structure`; every formula inside is read by the safe parser.
Comparison rules follow what STACK's AlgEquiv does: a set matches a set with the same
elements (order and repeats ignored), a list matches element by element, a matrix entry
by entry; relations and their ``and``/``or``/``not`` combinations match when they hold
for the same values (solution sets for one variable, the product of the equations for
an ``or`` of equations, truth at random points otherwise).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from studyapp.checking.meaning.domains import VariableSpace, sample_points
from studyapp.checking.meaning.equivalence import Tol, equations_equivalent, equivalent
from studyapp.checking.meaning.evaluation import Undefined, as_real, compile_expr, point_env, run
from studyapp.checking.reading import (
    Collection,
    Comparison,
    Definition,
    Formula,
    InvalidAnswer,
    Logic,
    MatrixOf,
    RealSet,
    Shape,
    Truth,
    exact,
)

TRUTH_POINTS = 60
MAX_TRUTH_TABLE_ATOMS = 8

_RELATIONS: dict[str, Callable[[sp.Expr, sp.Expr], sp.Basic]] = {
    "=": lambda a, b: sp.Eq(a, b, evaluate=False),
    "#": lambda a, b: sp.Ne(a, b, evaluate=False),
    "<": lambda a, b: sp.Lt(a, b, evaluate=False),
    ">": lambda a, b: sp.Gt(a, b, evaluate=False),
    "<=": lambda a, b: sp.Le(a, b, evaluate=False),
    ">=": lambda a, b: sp.Ge(a, b, evaluate=False),
}
_LOGIC = {"and": sp.And, "or": sp.Or, "xor": sp.Xor, "implies": sp.Implies}


@dataclass(frozen=True)
class ValueGroup:
    """A set, list, ± pair or matrix (rows flattened, with the shape kept) of values."""

    kind: str  # "set" | "list" | "plusminus" | "matrix"
    items: tuple[object, ...]
    shape: tuple[int, int] | None = None


@dataclass(frozen=True)
class FunctionValue:
    """A defined function: its name, parameter names and body."""

    name: str
    params: tuple[str, ...]
    body: sp.Expr


@dataclass(frozen=True)
class Outcome:
    verdict: str  # "equivalent" | "different" | "unknown"
    message: str = ""


SAME = Outcome("equivalent")


def to_value(node: Shape, read: Callable[[str], sp.Expr]) -> object:
    """The sympy value (or group of values) of a structure; ``read`` parses one formula."""
    if isinstance(node, Formula):
        return read(node.text)
    if isinstance(node, Comparison):
        return _RELATIONS[node.op](read(node.lhs.text), read(node.rhs.text))
    if isinstance(node, Truth):
        return sp.true if node.value else sp.false
    if isinstance(node, Logic):
        values = [to_value(p, read) for p in node.parts]
        _refuse_bare_values(node, values)
        parts = [_proposition(value) for value in values]
        if node.op == "not":
            return sp.Not(parts[0])
        if node.op == "or" and all(isinstance(p, sp.Eq) for p in parts):
            # kept as one equation so a repeated root still counts, as in STACK
            return sp.Eq(sp.Mul(*(p.lhs - p.rhs for p in parts)), 0, evaluate=False)
        if node.op == "xnor":
            return sp.Not(sp.Xor(*parts))
        return _LOGIC[node.op](*parts)
    if isinstance(node, Collection):
        return ValueGroup(node.kind, tuple(to_value(i, read) for i in node.items))
    if isinstance(node, RealSet):
        return _real_set(node, read)
    if isinstance(node, Definition):
        return FunctionValue(node.name, node.params, read(node.body.text))
    if isinstance(node, MatrixOf):
        shape = (len(node.rows), len(node.rows[0]))
        return ValueGroup(
            "matrix", tuple(to_value(c, read) for row in node.rows for c in row), shape
        )
    raise AssertionError(f"unknown node {node!r}")


def _real_set(node: RealSet, read: Callable[[str], sp.Expr]) -> sp.Set:
    if node.op in ("oo", "oc", "co", "cc"):
        low, high = (read(p.text) for p in node.parts)  # type: ignore[union-attr]
        if not (low.is_extended_real is not False and high.is_extended_real is not False):
            raise InvalidAnswer("the ends of an interval must be real numbers")
        return sp.Interval(low, high, node.op[0] == "o", node.op[1] == "o")
    sets = [_as_set(to_value(p, read)) for p in node.parts]
    if any(s is None for s in sets):
        raise InvalidAnswer(f"{node.op} joins intervals and sets of numbers")
    return sp.Union(*sets) if node.op == "union" else sp.Intersection(*sets)


def _as_set(value: object) -> sp.Set | None:
    """A value as a set of real numbers, when it is one ({1, 2}, an interval, all)."""
    if isinstance(value, sp.Set):
        return value
    if isinstance(value, ValueGroup) and all(isinstance(v, sp.Expr) for v in value.items):
        if value.kind == "set":
            return sp.FiniteSet(*value.items)
        if value.kind == "list" and len(value.items) == 2:
            return sp.Interval(*value.items)  # [a, b] beside sets: the closed interval
    if value is sp.true:
        return sp.S.Reals
    if value is sp.false:
        return sp.S.EmptySet
    return None


def _refuse_bare_values(node: Logic, values: list[object]) -> None:
    """``x = 1 or 2``: the values after the first equation are meant as its solutions
    too; the learner is shown how to write them."""
    named = next((v.lhs for v in values if isinstance(v, sp.Eq) and v.lhs.is_Symbol), None)
    bare = [
        part.text
        for part, value in zip(node.parts, values, strict=True)
        if isinstance(part, Formula) and isinstance(value, sp.Expr) and not value.is_Symbol
    ]
    if named is None or not bare or node.op != "or":
        return
    if all(isinstance(part, Formula | Comparison) for part in node.parts):
        written = " or ".join(
            f"{named} = {part.text.strip()}"
            if isinstance(part, Formula)
            else f"{part.lhs.text.strip()} {part.op} {part.rhs.text.strip()}"
            for part in node.parts
        )
        raise InvalidAnswer(f"write each value as an equation: {written}")


def _proposition(value: object) -> sp.Basic:
    """A part of ``and``/``or``/``not``: a relation, true/false or a logical atom ``A``."""
    if isinstance(value, (sp.Symbol, sp.logic.boolalg.Boolean, sp.core.relational.Relational)):
        return value
    raise InvalidAnswer("`and`, `or` and `not` join relations (such as x > 1) or true/false")


def compare(
    expected: object, answer: object, space: VariableSpace, tol: Tol, rng: random.Random
) -> Outcome:
    """Whether ``answer`` is equivalent to ``expected`` (values from :func:`to_value`)."""
    if isinstance(expected, FunctionValue) or isinstance(answer, FunctionValue):
        return _compare_functions(expected, answer, space, tol, rng)
    if isinstance(expected, sp.Set) or isinstance(answer, sp.Set):
        return _compare_real_sets(expected, answer)
    if isinstance(expected, ValueGroup) or isinstance(answer, ValueGroup):
        return _compare_groups(expected, answer, space, tol, rng)
    if _is_proposition(expected) or _is_proposition(answer):
        if not (_is_proposition(expected) and _is_proposition(answer)):
            return Outcome("different", _kind_message(expected))
        return compare_propositions(expected, answer, space, rng)
    evidence = equivalent(expected, answer, space, tol=tol, rng=rng)
    return Outcome(evidence.verdict, "" if evidence.equivalent else evidence.how)


def _compare_functions(
    expected: object, answer: object, space: VariableSpace, tol: Tol, rng: random.Random
) -> Outcome:
    if not isinstance(expected, FunctionValue) or not isinstance(answer, FunctionValue):
        return Outcome("different", _kind_message(expected))
    if answer.name != expected.name:
        return Outcome("different", f"the function should be called {expected.name}")
    if len(answer.params) != len(expected.params):
        return Outcome("different", f"{expected.name} takes {len(expected.params)} argument(s)")
    # rename the answer's parameters to the expected ones: f(y) := y² is f(x) := x²
    renamed = {p: sp.Dummy(p) for p in answer.params}
    body = answer.body.xreplace(
        {s: renamed[s.name] for s in answer.body.free_symbols if s.name in renamed}
    )
    targets = {renamed[a]: sp.Symbol(e, real=True) for a, e in zip(answer.params, expected.params)}
    outcome = compare(expected.body, space.adopt(body.xreplace(targets)), space, tol, rng)
    return outcome if outcome.verdict != "different" else Outcome("different", "a different rule")


def _compare_real_sets(expected: object, answer: object) -> Outcome:
    a, b = _as_set(expected), _as_set(answer)
    if a is None or b is None:
        return Outcome("different", _kind_message(expected))
    same = _sets_equal(a, b)
    if same is None:
        return Outcome("unknown", "could not compare the two sets")
    return SAME if same else Outcome("different", "not the same set of numbers")


def _is_proposition(value: object) -> bool:
    return isinstance(value, (sp.logic.boolalg.Boolean, sp.core.relational.Relational))


def _kind_message(expected: object) -> str:
    if isinstance(expected, sp.Set):
        return "a set of numbers (such as an interval) is expected here"
    if isinstance(expected, FunctionValue):
        return f"a function definition {expected.name}(…) := … is expected here"
    if isinstance(expected, ValueGroup):
        return {
            "set": "a set {…} is expected here",
            "list": "a list […] is expected here",
            "matrix": "a matrix is expected here",
            "plusminus": "an expression with ± is expected here",
        }[expected.kind]
    if _is_proposition(expected):
        return "an equation, inequality or condition is expected here"
    return "an expression is expected here"


def _compare_groups(
    expected: object, answer: object, space: VariableSpace, tol: Tol, rng: random.Random
) -> Outcome:
    if not isinstance(expected, ValueGroup) or not isinstance(answer, ValueGroup):
        return Outcome("different", _kind_message(expected))
    unordered = {"set", "plusminus"}
    if (expected.kind in unordered) != (answer.kind in unordered) or (
        {expected.kind, answer.kind} & {"matrix"} and expected.kind != answer.kind
    ):
        return Outcome("different", _kind_message(expected))
    if expected.kind == "matrix" and expected.shape != answer.shape:
        return Outcome("different", f"the matrix should be {expected.shape[0]}×{expected.shape[1]}")
    if expected.kind in unordered:
        return _compare_sets(expected.items, answer.items, space, tol, rng)
    if len(expected.items) != len(answer.items):
        return Outcome(
            "different",
            f"the list should have {len(expected.items)} entries, not {len(answer.items)}",
        )
    for index, (a, b) in enumerate(zip(expected.items, answer.items), start=1):
        outcome = compare(a, b, space, tol, rng)
        if outcome.verdict != "equivalent":
            return Outcome(outcome.verdict, f"entry {index} is not right")
    return SAME


def _compare_sets(
    expected: Sequence[object],
    answer: Sequence[object],
    space: VariableSpace,
    tol: Tol,
    rng: random.Random,
) -> Outcome:
    undecided = False
    matched_answer: set[int] = set()
    missing = 0
    for a in expected:
        found = False
        for j, b in enumerate(answer):
            outcome = compare(a, b, space, tol, rng)
            if outcome.verdict == "equivalent":
                found = True
                matched_answer.add(j)
            elif outcome.verdict == "unknown":
                undecided = True
        missing += not found
    extra = len(answer) - len(matched_answer)
    if missing == 0 and extra == 0:
        return SAME
    if undecided:
        return Outcome("unknown", "could not compare some elements")
    parts = []
    if missing:
        parts.append(f"{missing} expected element(s) missing")
    if extra:
        parts.append(f"{extra} element(s) that should not be there")
    return Outcome("different", "; ".join(parts))


# --------------------------------------------------------------------------- propositions


def compare_propositions(
    expected: sp.Basic, answer: sp.Basic, space: VariableSpace, rng: random.Random
) -> Outcome:
    """Same truth set: exact sets for one variable, else equations or random points."""
    if _canonical(expected) == _canonical(answer):
        return SAME
    atoms_e, atoms_a = _logical_atoms(expected), _logical_atoms(answer)
    if atoms_e is not None and atoms_a is not None:
        return _truth_table(expected, answer, atoms_e | atoms_a)
    # a letter alone is a statement only beside statements (A and B), not beside x > 2
    if isinstance(expected, sp.Symbol):
        return Outcome("different", "an expression is expected here")
    if isinstance(answer, sp.Symbol):
        return Outcome("different", _kind_message(expected))
    if isinstance(expected, sp.Eq) and isinstance(answer, sp.Eq):
        # an or of equations is one equation already (see to_value): as in STACK, repeated
        # roots count, so x = 1 or x = 2 is (x−1)(x−2) = 0 but not (x−1)²(x−2) = 0
        evidence = equations_equivalent(expected, answer, space, rng=rng)
        return Outcome(evidence.verdict, evidence.how)
    own_e, own_a = _symbols(expected), _symbols(answer)
    if len(own_e) > 1 or len(own_a) > 1:
        return _truth_at_points(expected, answer, space, rng)
    # One variable each (as in STACK, x > 1 and t > 1 describe the same set of numbers)
    sampled = _truth_at_points(expected, answer, space, rng) if own_e == own_a else None
    if sampled is not None and sampled.verdict == "different":
        return sampled  # a point where one holds and the other not: no need to solve
    sets = _solution_set(expected, space), _solution_set(answer, space)
    if sets[0] is not None and sets[1] is not None:
        within = _domain_set(space, own_e or own_a)
        same = _sets_equal(sets[0] & within, sets[1] & within)
        if same is not None:
            return SAME if same else Outcome("different", "not the same values")
    return sampled or Outcome("unknown", "could not solve the two conditions")


def _canonical(value: sp.Basic) -> sp.Basic:
    """x > 1 and 1 < x alike (a cheap first test before solving)."""
    if isinstance(value, sp.core.relational.Relational):
        return value.canonical
    if isinstance(value, (sp.And, sp.Or, sp.Not)):
        return value.func(*(_canonical(a) for a in value.args))
    return value


def _symbols(value: sp.Basic) -> set[sp.Symbol]:
    return {s for s in value.free_symbols if isinstance(s, sp.Symbol)}


def _logical_atoms(value: sp.Basic) -> set[sp.Symbol] | None:
    """The symbols of a purely logical formula (A and not B), or None if it has relations."""
    if value.atoms(sp.core.relational.Relational):
        return None
    atoms = _symbols(value)
    if len(atoms) > MAX_TRUTH_TABLE_ATOMS:
        return None
    return atoms


def _truth_table(expected: sp.Basic, answer: sp.Basic, atoms: set[sp.Symbol]) -> Outcome:
    ordered = sorted(atoms, key=lambda s: s.name)
    for values in itertools.product((sp.true, sp.false), repeat=len(ordered)):
        assignment = dict(zip(ordered, values))
        if bool(expected.xreplace(assignment)) != bool(answer.xreplace(assignment)):
            shown = ", ".join(f"{s} = {v}" for s, v in assignment.items())
            return Outcome("different", f"they differ when {shown}" if shown else "")
    return SAME


def _solution_set(value: sp.Basic, space: VariableSpace) -> sp.Set | None:
    """The real values satisfying a one-variable proposition, or None if not found exactly."""
    symbols = _symbols(value)
    if len(symbols) > 1:
        return None
    if not symbols:
        truth = _constant_truth(value)
        return None if truth is None else (sp.S.Reals if truth else sp.S.EmptySet)
    (symbol,) = symbols
    real = sp.Symbol(symbol.name, real=True)
    try:
        found = _set_of(exact(value.xreplace({symbol: real})), real)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return None
    if found is None or found.has(sp.ConditionSet):
        return None
    return found


def truth_set(value: sp.Basic, space: VariableSpace) -> sp.Set | None:
    """The values in the domain where a one-variable proposition holds, if found exactly."""
    found = _solution_set(value, space)
    if found is None:
        return None
    return found & _domain_set(space, _symbols(value))


def _domain_set(space: VariableSpace, symbols: set[sp.Symbol]) -> sp.Set:
    """Only values inside the declared domain count: x > 1 and x² > 1 agree for x > 0."""
    if not symbols:
        return sp.S.Reals
    domain = space.domain(next(iter(symbols)).name)
    if domain.integer:
        return sp.S.Reals  # whole-number domains are left to the point tests
    return sp.Interval(domain.low, domain.high, domain.low_open, domain.high_open)


def _set_of(value: sp.Basic, x: sp.Symbol) -> sp.Set | None:
    if value is sp.true:
        return sp.S.Reals
    if value is sp.false:
        return sp.S.EmptySet
    if isinstance(value, (sp.And, sp.Or)):
        parts = [_set_of(p, x) for p in value.args]
        if any(p is None for p in parts):
            return None
        return sp.Intersection(*parts) if isinstance(value, sp.And) else sp.Union(*parts)
    if isinstance(value, sp.Not):
        inner = _set_of(value.args[0], x)
        return None if inner is None else sp.Complement(sp.S.Reals, inner)
    if isinstance(value, (sp.Xor, sp.Implies)):
        return _set_of(value.to_nnf(), x)
    if isinstance(value, sp.core.relational.Relational):
        relation = value.func(value.lhs, value.rhs)
        if relation in (sp.true, sp.false):
            return _set_of(relation, x)
        return _linear_set(relation, x) or sp.solveset(relation, x, sp.S.Reals)
    return None


def _linear_set(relation: sp.core.relational.Relational, x: sp.Symbol) -> sp.Set | None:
    """a·x + b OP 0 solved directly (solveset takes ~100 ms for what is one division)."""
    difference = sp.expand(relation.lhs - relation.rhs)
    a, b = difference.coeff(x, 1), difference.coeff(x, 0)
    if not (a.is_number and b.is_number and a.is_nonzero) or difference != a * x + b:
        return None
    root, flip = -b / a, bool(a.is_negative)
    op = type(relation)
    if flip:
        op = {sp.Lt: sp.Gt, sp.Gt: sp.Lt, sp.Le: sp.Ge, sp.Ge: sp.Le}.get(op, op)
    return {
        sp.Eq: sp.FiniteSet(root),
        sp.Ne: sp.Complement(sp.S.Reals, sp.FiniteSet(root)),
        sp.Lt: sp.Interval.open(-sp.oo, root),
        sp.Le: sp.Interval(-sp.oo, root),
        sp.Gt: sp.Interval.open(root, sp.oo),
        sp.Ge: sp.Interval(root, sp.oo),
    }[op]


def _sets_equal(a: sp.Set, b: sp.Set) -> bool | None:
    try:
        difference = sp.Union(sp.Complement(a, b), sp.Complement(b, a))
    except (TypeError, ValueError, NotImplementedError):
        return None
    if difference is sp.S.EmptySet:
        return True
    if difference.is_empty is False or isinstance(difference, (sp.Interval, sp.FiniteSet)):
        return False
    return None


def _constant_truth(value: sp.Basic) -> bool | None:
    if value in (sp.true, sp.false):
        return bool(value)
    try:
        simplified = value.simplify()
    except (TypeError, ValueError):
        return None
    return bool(simplified) if simplified in (sp.true, sp.false) else None


def _truth_at_points(
    expected: sp.Basic, answer: sp.Basic, space: VariableSpace, rng: random.Random
) -> Outcome:
    names = sorted({s.name for s in _symbols(expected) | _symbols(answer)})
    space = space.including(names)
    try:
        holds_e, holds_a = _predicate(space.adopt(expected)), _predicate(space.adopt(answer))
    except Undefined:  # A or x > 2: a letter standing for a statement has no value to sample
        return Outcome("unknown", "cannot compare letters for statements mixed with relations")
    checked = 0
    for point in sample_points(space, TRUTH_POINTS, rng, names):
        env = point_env(point)
        try:
            te, ta = holds_e(env), holds_a(env)
        except Undefined:
            continue
        checked += 1
        if te != ta:
            shown = ", ".join(f"{s} = {sp.nsimplify(v)}" for s, v in point.items())
            return Outcome("different", f"they differ at {shown}")
    if checked < TRUTH_POINTS // 3:
        return Outcome("unknown", "too few points where both are defined")
    return SAME


Predicate = Callable[[dict[str, object]], bool]


def _predicate(value: sp.Basic) -> Predicate:
    """``value`` compiled once into a test of one point (raises Undefined off its domain)."""
    if value in (sp.true, sp.false):
        return lambda env: bool(value)
    if isinstance(value, (sp.And, sp.Or)):
        parts = [_predicate(p) for p in value.args]
        combine = all if isinstance(value, sp.And) else any
        return lambda env: combine(p(env) for p in parts)
    if isinstance(value, sp.Not):
        inner = _predicate(value.args[0])
        return lambda env: not inner(env)
    if isinstance(value, (sp.Xor, sp.Implies)):
        return _predicate(value.to_nnf())
    if isinstance(value, sp.core.relational.Relational):
        return _relation_predicate(value)
    raise Undefined(f"cannot evaluate {value}")


def _relation_predicate(relation: sp.core.relational.Relational) -> Predicate:
    difference = compile_expr(exact(relation.lhs - relation.rhs))
    lhs = compile_expr(exact(relation.lhs))
    test = {
        sp.Eq: lambda d, zero: zero,
        sp.Ne: lambda d, zero: not zero,
        sp.Lt: lambda d, zero: d < 0 and not zero,
        sp.Gt: lambda d, zero: d > 0 and not zero,
        sp.Le: lambda d, zero: d < 0 or zero,
        sp.Ge: lambda d, zero: d > 0 or zero,
    }[type(relation)]

    def holds(env: dict[str, object]) -> bool:
        d = as_real(run(difference, env))
        if d is None:
            raise Undefined("not a real number here")
        scale = max(1, abs(as_real(run(lhs, env)) or 1))
        return test(d, abs(d) <= 1e-12 * scale)

    return holds
