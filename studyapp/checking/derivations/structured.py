"""Structured derivation lines: ``or``/``and`` of equations, inequalities, truth values.

STACK's reasoning by equivalence lets a line say ``x = 2 or x = -2`` after ``x^2 = 4``.
Such a line is read by :mod:`structure` and becomes a sympy proposition (an ``or`` of
equations is one product equation, see :func:`compound.to_value`); two adjacent lines
where either is structured are compared as propositions: the same truth set is an
equivalence, a smaller or larger one loses or gains solutions. Conditions joining
equations in several variables are solved (:mod:`.systems`); letters joined by
and/or/not (``(A or B) and not A``) are compared by truth table.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

import sympy as sp

from studyapp.checking.derivations.result import StepResult, StepStatus
from studyapp.checking.derivations.systems import compare_systems
from studyapp.checking.meaning import VariableSpace, compare_propositions, to_value, truth_set
from studyapp.checking.reading import (
    Comparison,
    Formula,
    InvalidAnswer,
    Logic,
    Shape,
    StructureError,
    Truth,
    read_structure,
)

# Only these mark a line as structured: a comma alone (diff(L, a)) must stay a formula.
_RELATION_MARK = re.compile(r"[<>#≤≥≠±]|!=|\+/-")
# STACK's "every value" / "no value" (and the empty set), alone on a line; elsewhere
# these words may be names
_TRUTH_WORDS = frozenset({"true", "false", "all", "none", "{}"})
_CONNECTIVE_WORD = re.compile(r"\b(?:or|nounor|and|nounand|not|true|false)\b")


def structured_node(text: str) -> Shape | None:
    """The structure of a line that is more than an expression or one equation, else None."""
    word = "".join(text.split())
    if word in _TRUTH_WORDS:
        return Truth(word in ("true", "all"))
    if not (_RELATION_MARK.search(text) or _CONNECTIVE_WORD.search(text)):
        return None
    try:
        node = read_structure(text)
    except StructureError as exc:
        raise InvalidAnswer(str(exc)) from exc
    if isinstance(node, (Logic, Truth)) or (isinstance(node, Comparison) and node.op != "="):
        return node
    return None


def proposition(node: Shape, read: Callable[[str], sp.Expr]) -> sp.Basic:
    """The sympy proposition of a structured line; ``read`` parses one formula."""
    value = to_value(node, read)
    if not isinstance(value, (sp.logic.boolalg.Boolean, sp.core.relational.Relational)):
        raise InvalidAnswer("a line joins equations or inequalities with and/or/not")
    return value


def formula_texts(node: Shape) -> Iterator[str]:
    """Every formula inside a line's structure (to find the variables it uses)."""
    if isinstance(node, Formula):
        yield node.text
    elif isinstance(node, Comparison):
        yield node.lhs.text
        yield node.rhs.text
    elif isinstance(node, Logic):
        for part in node.parts:
            yield from formula_texts(part)


def relate(before: sp.Basic, after: sp.Basic, space: VariableSpace, seed: int = 0) -> StepResult:
    """How the proposition ``after`` follows from ``before`` (the previous line)."""
    symbols = before.free_symbols | after.free_symbols
    if symbols and pure_logic(before) and pure_logic(after):
        return _by_truth_table(before, after)
    if _has_letters(before) or _has_letters(after):
        return StepResult(
            StepStatus.WRONG, "letters used as statements (A or B) cannot be compared with "
            "equations or inequalities",
        )
    if len(symbols) <= 1:
        sets = truth_set(before, space), truth_set(after, space)
        if sets[0] is not None and sets[1] is not None:
            return _by_sets(sets[0], sets[1], symbols)
    if len(symbols) > 1 and (_joins_equations(before) or _joins_equations(after)):
        # Random points almost never satisfy an equation, so agreeing there proves nothing.
        if _canonical(before) == _canonical(after):
            return StepResult(StepStatus.OK, "the same conditions, reordered", "equivalent")
        solved = compare_systems(before, after, space, seed)
        if solved is None or solved.status is not StepStatus.OK:
            solved = _equated_coefficients(before, after, space, seed) or solved
        if solved is not None:
            return solved
        return StepResult(
            StepStatus.UNDECIDED,
            "cannot compare conditions that join equations in several variables",
        )
    outcome = compare_propositions(before, after, space, random.Random(seed))
    if outcome.verdict == "equivalent":
        return StepResult(StepStatus.OK, "equivalent to the previous line", "equivalent")
    if outcome.verdict == "different":
        detail = f" ({outcome.message})" if outcome.message else ""
        return StepResult(StepStatus.WRONG, f"not equivalent to the previous line{detail}")
    return StepResult(StepStatus.UNDECIDED, f"cannot compare with the previous line: {outcome.message}")


def pure_logic(value: sp.Basic) -> bool:
    """Letters joined by and/or/not (``(A or B) and not A``): no equation or inequality."""
    if isinstance(value, sp.Symbol) or value in (sp.true, sp.false):
        return True
    return isinstance(value, sp.logic.boolalg.BooleanFunction) and all(
        pure_logic(arg) for arg in value.args
    )


def _has_letters(value: sp.Basic) -> bool:
    """A letter used as a proposition somewhere (``A or x = 1``)."""
    if isinstance(value, sp.Symbol):
        return True
    return isinstance(value, sp.logic.boolalg.BooleanFunction) and any(
        _has_letters(arg) for arg in value.args
    )


def _by_truth_table(before: sp.Basic, after: sp.Basic) -> StepResult:
    forward = not sp.satisfiable(sp.And(before, sp.Not(after)))
    backward = not sp.satisfiable(sp.And(after, sp.Not(before)))
    if forward and backward:
        return StepResult(StepStatus.OK, "logically equivalent to the previous line", "equivalent")
    if forward:
        return StepResult(
            StepStatus.IMPLIES, "follows from the previous line, but the converse does not hold"
        )
    if backward:
        return StepResult(
            StepStatus.IMPLIED_BY, "not equivalent to the previous line: it is stronger"
        )
    return StepResult(StepStatus.WRONG, "neither implies nor follows from the previous line")


def _equated_coefficients(
    before: sp.Basic, after: sp.Basic, space: VariableSpace, seed: int
) -> StepResult | None:
    """``a x² + b x + c = 0`` and ``a = 0 and b = 0 and c = 0`` (either way round): the
    equation read as holding for every x, each coefficient of x set to zero."""
    for one, other in ((before, after), (after, before)):
        if not isinstance(one, sp.Eq):
            continue
        difference = one.lhs - one.rhs
        for x in sorted(difference.free_symbols - other.free_symbols, key=lambda s: s.name):
            if not difference.is_polynomial(x):
                continue
            coefficients = [c for c in sp.Poly(difference, x).all_coeffs() if c != 0]
            system = sp.And(*(sp.Eq(c, 0) for c in coefficients))
            same = compare_systems(system, other, space, seed)
            if same is not None and same.status is StepStatus.OK:
                return StepResult(
                    StepStatus.OK,
                    f"equates the coefficients of {x}: the equation holds for every {x}",
                    f"coefficients {x}",
                )
    return None


def _joins_equations(value: sp.Basic) -> bool:
    return not isinstance(value, sp.Eq) and bool(value.atoms(sp.Eq))


def _canonical(value: sp.Basic) -> sp.Basic:
    if isinstance(value, sp.core.relational.Relational):
        return value.canonical
    return value.func(*(_canonical(a) for a in value.args)) if value.args else value


def _by_sets(old: sp.Set, new: sp.Set, symbols: set[sp.Basic]) -> StepResult:
    if not symbols:  # true/false/all/none: every value or no value
        return _by_truth(old.is_empty is False, new.is_empty is False)
    name = next(iter(symbols)).name
    lost, gained = _simple(sp.Complement(old, new)), _simple(sp.Complement(new, old))
    if lost is sp.S.EmptySet and gained is sp.S.EmptySet:
        return StepResult(
            StepStatus.OK, f"equivalent to the previous line (same solutions for {name})",
            f"equivalent {name}",
        )
    if lost is sp.S.EmptySet:
        return StepResult(
            StepStatus.IMPLIES,
            f"follows from the previous line but gains the solutions {name} ∈ {gained}",
            f"solve {name}",
        )
    if gained is sp.S.EmptySet:
        return StepResult(
            StepStatus.IMPLIED_BY,
            f"not equivalent to the previous line: it loses the solutions {name} ∈ {lost}",
            f"solve {name}",
        )
    return StepResult(
        StepStatus.WRONG,
        f"not equivalent to the previous line: it loses {name} ∈ {lost} and gains {name} ∈ {gained}",
    )


def _by_truth(before: bool, after: bool) -> StepResult:
    def holds(value: bool) -> str:
        return "every value" if value else "no value"

    if before == after:
        return StepResult(
            StepStatus.OK, f"equivalent to the previous line (both hold for {holds(after)})",
            "equivalent",
        )
    status = StepStatus.IMPLIES if after else StepStatus.IMPLIED_BY
    return StepResult(
        status,
        f"not equivalent: this line holds for {holds(after)}, the previous one for {holds(before)}",
    )


def _simple(value: sp.Set) -> sp.Set:
    """An empty difference as EmptySet (sympy may leave it unevaluated)."""
    if value.is_empty:
        return sp.S.EmptySet
    return value
