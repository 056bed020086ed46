"""Infer how each line of a learner's derivation follows from the lines before it.

Like STACK's reasoning by equivalence, but the learner writes no labels. For each line
the checker tries, in order, the relations a teacher would accept:

* an expression line: equal to the previous value; its derivative with respect to a
  variable, or an antiderivative (a new letter may be the constant of integration); an
  earlier value with earlier ``symbol = expression`` lines substituted; a limit of the
  previous value at an end of a variable's domain. A line written ``= …`` continues a
  chain of equalities, so it may not simply repeat an earlier line;
* an equation line: an identity (``diff(L, a) = ...`` must be the right derivative, and
  ``diff(L, a) = 0`` of an earlier line or the named given sets it to zero);
  an identity once earlier ``symbol = expression`` lines are substituted; the previous
  derivative set to zero (a stationary point); the same solutions as the previous
  equation (or flagged as gaining or losing solutions); equations without variables
  compare as true or false;
* a structured line (``or``/``and``, inequalities, systems, pure logic): see
  :mod:`.structured` and :mod:`.systems`.

When nothing fits, the message compares the line with the most plausible intended
relation (a sign, a factor, a missing term, a lost solution).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy as sp

from studyapp.checking.derivations.diagnose import (
    describe_difference,
    solution_change_reason,
    zero_divisor,
)
from studyapp.checking.derivations.lines import Line
from studyapp.checking.derivations.relations import (
    Agreement,
    SolutionChange,
    SolutionComparison,
    compare_solutions,
    compare_values,
    numeric_limit,
)
from studyapp.checking.derivations.result import StepResult, StepStatus
from studyapp.checking.derivations.scope import Scope, VarSpec
from studyapp.checking.derivations.structured import pure_logic, relate

MAX_SUBSTITUTION_TARGETS = 8
_INTEGRAL = re.compile(r"\b(?:int|integrate|nounint)\s*\(")


@dataclass
class Known:
    """What the lines so far establish."""

    lines: list[Line | None] = field(default_factory=list)
    # each entry's line number as the learner sees it (the links of ``A = B = C`` share one)
    numbers: list[int] = field(default_factory=list)
    # line -> the variable it differentiates by, or whose stationary point it sets
    calculus_var: dict[int, VarSpec] = field(default_factory=dict)
    conditions: list[int] = field(default_factory=list)  # equations that restrict values
    given_substitutions: list[tuple[sp.Symbol, sp.Expr]] = field(default_factory=list)
    integrating: bool = False  # an integral was written or taken: a new letter may be +C

    def last_readable(self) -> tuple[int, Line] | None:
        for index in range(len(self.lines) - 1, -1, -1):
            line = self.lines[index]
            if line is not None:
                return index, line
        return None

    def substitutions(self) -> list[tuple[int | None, sp.Symbol, sp.Expr]]:
        """``symbol = expression`` facts: stated lines (latest wins), then givens."""
        found: dict[sp.Symbol, tuple[int | None, sp.Expr]] = {}
        for symbol, expr in self.given_substitutions:
            found[symbol] = (None, expr)
        for index, line in enumerate(self.lines):
            pair = line.as_substitution() if line is not None and line.defines is None else None
            if pair is not None:
                found[pair[0]] = (index, pair[1])
        return [(index, symbol, expr) for symbol, (index, expr) in found.items()]


class Inference:
    """Walks the lines once, keeping what earlier lines established."""

    def __init__(
        self,
        scope: Scope,
        given_substitutions: Sequence[tuple[sp.Symbol, sp.Expr]] = (),
        accept_premises: bool = True,
        start: Line | None = None,
    ) -> None:
        self.scope = scope
        self.known = Known(given_substitutions=list(given_substitutions))
        self.accept_premises = accept_premises
        # What the first line follows from when it does not restate a given (a named given).
        self.start = start

    def skip(self, number: int) -> None:
        """A blank line (learner's line ``number``): nothing to remember."""
        self.known.lines.append(None)
        self.known.numbers.append(number)

    def add(self, line: Line | None, result: StepResult, number: int) -> StepResult:
        """Remember ``line`` (None: unreadable) as judged, as the learner's line ``number``."""
        index = len(self.known.lines)
        self.known.lines.append(line)
        self.known.numbers.append(number)
        if line is not None:
            self._remember(index, line, result)
        return result

    def _label(self, indices: list[int]) -> str:
        numbers = sorted({self.known.numbers[i] for i in indices})
        return f"line{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"

    def _remember(self, index: int, line: Line, result: StepResult) -> None:
        relation = result.relation or ""
        if relation.startswith(("diff ", "stationary ")):
            var = self.scope.variables.get(relation.split()[1])
            if var is not None:
                self.known.calculus_var[index] = var
        elif relation == "equal" and not line.is_equation:
            # ``= 1 - n/c^2`` after a derivative is that derivative simplified: it too may
            # be set to zero next
            before = next((i for i in range(index - 1, -1, -1) if self.known.lines[i]), None)
            if before is not None and before in self.known.calculus_var:
                self.known.calculus_var[index] = self.known.calculus_var[before]
        if relation.startswith("integrate") or _INTEGRAL.search(line.text):
            self.known.integrating = True
        claims_derivative = line.diff_var is not None and not relation.startswith("stationary ")
        if line.is_equation and not claims_derivative and not _is_identity(self.scope, line):
            self.known.conditions.append(index)

    # ------------------------------------------------------------------ judging

    def judge(self, line: Line) -> StepResult:
        """How ``line`` follows from the lines added so far (nothing is remembered)."""
        index = len(self.known.lines)
        previous = self.known.last_readable()
        if line.defines is not None:
            return StepResult(StepStatus.GIVEN, f"defines {line.defines}", "given")
        if previous is None and self.start is not None:
            previous = (-1, self.start)  # not a line of the learner's: nothing to number
        if previous is None:
            return StepResult(StepStatus.GIVEN, "the starting point", "given")
        if line.proposition is not None or previous[1].proposition is not None:
            return self._judge_statement(line, previous[1])
        if line.is_equation:
            return self._judge_equation(index, line, previous)
        return self._judge_expression(line, previous)

    def _judge_statement(self, line: Line, prev: Line) -> StepResult:
        """A structured line (``x = 2 or x = -2``, ``x > 1``) or one right after it."""
        before, after = prev.statement, line.statement
        if before is not None and after is None and pure_logic(before):
            after = _letter(line)  # (A or B) and (not A or B), then B
        if after is not None and before is None and pure_logic(after):
            before = _letter(prev)
        if before is None or after is None or prev.defines is not None:
            return StepResult(
                StepStatus.WRONG,
                "only an equation or a condition can follow from a condition, and the other way round",
            )
        result = relate(before, after, self.scope.space, self.scope.seed)
        if result.good or line.and_or_swapped is None:
            return result
        if relate(before, line.and_or_swapped, self.scope.space, self.scope.seed).good:
            return StepResult(
                StepStatus.WRONG,
                "and/or confusion: with 'and' and 'or' exchanged this line would be "
                "equivalent to the previous one",
            )
        return result

    def _judge_expression(self, line: Line, previous: tuple[int, Line]) -> StepResult:
        prev_index, prev = previous
        if compare_values(self.scope, line.value, prev.value).same:
            return StepResult(StepStatus.OK, "equal to the previous line", "equal")
        derivative = self._as_derivative(line.value, prev.value)
        if derivative is not None:
            return StepResult(
                StepStatus.OK, f"the derivative of the previous line with respect to {derivative.name}",
                f"diff {derivative.name}",
            )
        antiderivative = self._as_antiderivative(line.value, prev.value)
        if antiderivative is not None:
            return StepResult(
                StepStatus.OK,
                f"an antiderivative of the previous line with respect to {antiderivative.name}",
                f"integrate {antiderivative.name}",
            )
        constant = self._integration_constants(line.value) if self.known.integrating else set()
        if constant and self._differs_by_constant(line.value, prev.value, constant):
            names = ", ".join(sorted(c.name for c in constant))
            return StepResult(
                StepStatus.OK, f"adds a constant of integration {names}", "integrate"
            )
        substituted = self._as_substitution(line.value, prev_index, back=not line.continues)
        if substituted is not None:
            return substituted
        limit = self._as_limit(line.value, prev.value)
        if limit is not None:
            return limit
        return self._explain_expression(line.value, prev)

    def _judge_equation(self, index: int, line: Line, previous: tuple[int, Line]) -> StepResult:
        prev_index, prev = previous
        if line.diff_var is not None:
            return self._judge_claimed_derivative(line)
        if _is_identity(self.scope, line):
            return StepResult(StepStatus.OK, "both sides are equal", "identity")
        if line.restates is not None:  # the defined quantity evaluated, e.g. at the optimum
            substituted = self._identity_after_substitution(line)
            if substituted is not None:
                return substituted
            if not self.known.conditions:  # nothing yet fixes a value at which to evaluate it
                how = describe_difference(self.scope, line.rhs, line.lhs).text
                return StepResult(StepStatus.WRONG, f"this is not {line.restates}: {how}")
        if prev_index in self.known.calculus_var and prev_index not in self.known.conditions:
            var = self.known.calculus_var[prev_index]
            return self._judge_stationary(line, prev, var)
        stationary = self._as_stationary_point(line, prev)
        if stationary is not None:
            return stationary
        condition = self._latest_condition()
        if condition is not None:
            return self._judge_transformation(line, condition)
        if self.accept_premises and line.as_substitution() is not None:
            return StepResult(StepStatus.GIVEN, "a new premise (not checked)", "given")
        return StepResult(
            StepStatus.WRONG,
            "an equation cannot follow from the expression before it (only a derivative may be "
            "set to zero)",
        )

    def _judge_claimed_derivative(self, line: Line) -> StepResult:
        name = line.diff_var
        if _is_identity(self.scope, line):
            return StepResult(StepStatus.OK, f"the derivative with respect to {name} is right", f"diff {name}")
        if line.rhs == 0 and self._derivative_of_known(line.lhs, name):
            # ``diff(L, a) = 0``: the learner looks for a stationary point, not a derivative.
            return StepResult(
                StepStatus.OK,
                f"sets the derivative with respect to {name} to zero (a stationary point)",
                f"stationary {name}",
            )
        how = describe_difference(self.scope, line.rhs, line.lhs).text
        # The relation stays "diff": later lines build on the learner's derivative.
        return StepResult(
            StepStatus.WRONG, f"wrong derivative with respect to {name}: {how}", f"diff {name}"
        )

    def _derivative_of_known(self, derivative: sp.Expr, name: str) -> bool:
        """Is ``derivative`` the derivative by ``name`` of the given or of a line so far?"""
        var = self.scope.variables.get(name)
        if var is None:
            return False
        known = [line for line in (self.start, *self.known.lines) if line is not None]
        return any(
            compare_values(self.scope, derivative, sp.diff(line.value, var.symbol)).same
            for line in known
        )

    def _judge_stationary(self, line: Line, prev: Line, var: VarSpec) -> StepResult:
        comparison = compare_solutions(self.scope, prev.value, line.zero_form, var)
        if comparison.change is SolutionChange.SAME:
            return StepResult(
                StepStatus.OK, f"sets the derivative to zero (a stationary point in {var.name})",
                f"stationary {var.name}",
            )
        return self._solution_result(
            comparison, f"setting the derivative with respect to {var.name} to zero"
        )

    def _as_stationary_point(self, line: Line, prev: Line) -> StepResult | None:
        """Differentiating and setting to zero in one line: ``d(prev)/dx = 0`` rearranged."""
        if prev.is_equation and prev.defines is None:
            return None
        symbols = line.zero_form.free_symbols
        for var in self._candidate_variables(prev.value):
            if var.symbol not in symbols:
                continue
            derivative = sp.diff(prev.value, var.symbol)
            comparison = compare_solutions(self.scope, derivative, line.zero_form, var)
            if comparison.change is SolutionChange.SAME:
                return StepResult(
                    StepStatus.OK,
                    f"sets the derivative with respect to {var.name} to zero (a stationary point)",
                    f"stationary {var.name}",
                )
        return None

    def _judge_transformation(self, line: Line, condition: Line) -> StepResult:
        truths = _truth(condition.zero_form), _truth(line.zero_form)
        if truths[0] is not None and truths[1] is not None:
            return _compare_truths(*truths)
        new, old = line.zero_form.free_symbols, condition.zero_form.free_symbols
        if new and old and not new & old:
            return StepResult(
                StepStatus.WRONG,
                f"this equation is about {_names(new)}, the previous one about {_names(old)}: "
                "they share no variable (letters in another case are other variables)",
            )
        unknown = self._unknown(line, condition)
        if unknown is None:
            return StepResult(StepStatus.UNDECIDED, "cannot tell which variable is being solved for")
        comparison = compare_solutions(self.scope, condition.zero_form, line.zero_form, unknown)
        same = comparison.change is SolutionChange.SAME
        divisor = zero_divisor(self.scope, condition, line, unknown.symbol) if same else None
        if divisor is not None:
            how, name = divisor
            if how == "divided":
                return StepResult(
                    StepStatus.IMPLIED_BY,
                    f"divides by {name}, which may be zero: when {name} = 0 the previous "
                    "equation holds for more values, so solutions may be lost",
                    f"solve {unknown.name}",
                )
            return StepResult(
                StepStatus.IMPLIES,
                f"multiplies by {name}, which may be zero: when {name} = 0 this equation "
                "holds for every value, so solutions may be gained",
                f"solve {unknown.name}",
            )
        if comparison.change is SolutionChange.SAME:
            return StepResult(
                StepStatus.OK, f"an equivalent equation (same solutions for {unknown.name})",
                f"equivalent {unknown.name}",
            )
        return self._solution_result(comparison, "the previous equation", line, condition)

    def _solution_result(
        self,
        comparison: SolutionComparison,
        source: str,
        line: Line | None = None,
        condition: Line | None = None,
    ) -> StepResult:
        text = comparison.describe()
        relation = f"solve {comparison.unknown}"
        reason = None
        if line is not None and condition is not None:
            reason = solution_change_reason(self.scope, condition, line, comparison)
        if comparison.change is SolutionChange.GAINS:
            reason = reason or (
                "squaring both sides or multiplying by something that can be zero gains solutions"
            )
            return StepResult(StepStatus.IMPLIES, f"follows from {source} but {text} ({reason})", relation)
        if comparison.change is SolutionChange.LOSES:
            reason = reason or (
                "dividing by something that can be zero, a square root without ±, or a log "
                "rule on a quantity that can be negative loses solutions"
            )
            return StepResult(
                StepStatus.IMPLIED_BY, f"not equivalent to {source}: it {text} ({reason})", relation
            )
        if comparison.change is SolutionChange.NONE:
            return StepResult(StepStatus.UNDECIDED, text, relation)
        sides = self._changed_side(line, condition) if line and condition else ""
        return StepResult(StepStatus.WRONG, f"does not follow from {source}: {text}{sides}", relation)

    def _changed_side(self, line: Line, condition: Line) -> str:
        """Name the side that changed when the other one is untouched."""
        if compare_values(self.scope, line.lhs, condition.lhs).same:
            how = describe_difference(self.scope, line.rhs, condition.rhs).text
            return f"; the left-hand side is unchanged, the right-hand side changed: {how}"
        if compare_values(self.scope, line.rhs, condition.rhs).same:
            how = describe_difference(self.scope, line.lhs, condition.lhs).text
            return f"; the right-hand side is unchanged, the left-hand side changed: {how}"
        return ""

    # ------------------------------------------------------------------ relations

    def _as_derivative(self, value: sp.Expr, previous: sp.Expr) -> VarSpec | None:
        for var in self._candidate_variables(previous):
            if compare_values(self.scope, value, sp.diff(previous, var.symbol)).same:
                return var
        return None

    def _as_antiderivative(self, value: sp.Expr, previous: sp.Expr) -> VarSpec | None:
        """``value`` differentiates back to ``previous`` (a constant of integration or not)."""
        for var in self._candidate_variables(previous):
            if var.symbol in value.free_symbols and compare_values(
                self.scope, sp.diff(value, var.symbol), previous
            ).same:
                return var
        return None

    @staticmethod
    def _differs_by_constant(value: sp.Expr, previous: sp.Expr, constants: set[sp.Symbol]) -> bool:
        """``value`` is ``previous`` plus a term in the new constants alone (``+ C``)."""
        return sp.expand(value - previous).free_symbols <= constants

    def _integration_constants(self, value: sp.Expr) -> set[sp.Symbol]:
        """Symbols of ``value`` that no earlier line used: a constant of integration."""
        earlier: set[sp.Basic] = set()
        for line in (self.start, *self.known.lines):
            if line is not None:
                earlier |= line.value.free_symbols | line.zero_form.free_symbols
        return {s for s in value.free_symbols if s not in earlier}

    def _candidate_variables(self, expr: sp.Expr) -> list[VarSpec]:
        """Free variables of ``expr``, the most recently differentiated one first."""
        recent = list(self.known.calculus_var.values())[::-1]
        order = [v for v in recent if v.symbol in expr.free_symbols]
        for symbol in sorted(expr.free_symbols, key=lambda s: s.name):
            var = self.scope.var_of(symbol)
            if var is not None and var not in order:
                order.append(var)
        return order

    def _substitution_sets(self) -> list[tuple[str, dict[sp.Symbol, sp.Expr]]]:
        facts = self.known.substitutions()
        if not facts:
            return []
        sets: list[tuple[str, dict[sp.Symbol, sp.Expr]]] = []
        stated = {s: e for i, s, e in facts if i is not None}
        if stated:
            sets.append((self._label([i for i, _, _ in facts if i is not None]), stated))
        for i, symbol, expr in facts:
            sets.append((self._label([i]) if i is not None else f"{symbol} = {sp.sstr(expr)}", {symbol: expr}))
        everything = {s: e for _, s, e in facts}
        if len(everything) > len(stated):
            sets.append(("the given definitions", everything))
        return sets

    def _as_substitution(self, value: sp.Expr, prev_index: int, back: bool = True) -> StepResult | None:
        """An earlier line with ``symbol = expression`` facts substituted, or (``back``) an
        earlier line itself; a line written as ``= …`` must equal the one just before it."""
        targets = [i for i in range(prev_index, -1, -1) if self.known.lines[i] is not None]
        targets = targets[:MAX_SUBSTITUTION_TARGETS]
        for target in targets if back else ():
            source = self.known.lines[target].value
            if target != prev_index and compare_values(self.scope, value, source).same:
                number = self.known.numbers[target]
                return StepResult(StepStatus.OK, f"equal to line {number}", f"equal {number}")
        for label, mapping in self._substitution_sets():
            # Else both lines under the definitions: a line may use a defined name (pw)
            # where the line before used what defines it (rw), or the other way round.
            defined = value.xreplace(mapping) if value.free_symbols & set(mapping) else None
            for target in targets:
                source = self.known.lines[target].value
                if not (source.free_symbols & set(mapping)) and defined is None:
                    continue
                substituted = source.xreplace(mapping)
                if compare_values(self.scope, value, substituted).same or (
                    defined is not None and compare_values(self.scope, defined, substituted).same
                ):
                    number = self.known.numbers[target]
                    return StepResult(
                        StepStatus.OK, f"substitutes {label} into line {number}",
                        f"subs {label} into {number}",
                    )
        return None

    def _identity_after_substitution(self, line: Line) -> StepResult | None:
        for label, mapping in self._substitution_sets():
            if not (line.zero_form.free_symbols & set(mapping)):
                continue
            if compare_values(self.scope, line.lhs.xreplace(mapping), line.rhs.xreplace(mapping)).same:
                return StepResult(
                    StepStatus.OK, f"the value of {line.restates} once {label} is substituted",
                    f"subs {label}",
                )
        return None

    def _as_limit(self, value: sp.Expr, previous: sp.Expr) -> StepResult | None:
        for var in self._candidate_variables(previous):
            if var.symbol in value.free_symbols:
                continue
            for target in _limit_points(var):
                if numeric_limit(self.scope, previous, var, target, value) is Agreement.SAME:
                    point = sp.sstr(target)
                    return StepResult(
                        StepStatus.OK, f"the limit of the previous line as {var.name} → {point}",
                        f"limit {var.name} {point}",
                    )
        return None

    def _explain_expression(self, value: sp.Expr, prev: Line) -> StepResult:
        """Compare with what the line most plausibly meant: the previous value or a derivative.

        The relation names that reading, so later lines build on the learner's own line
        (a wrong derivative set to zero is still a stationary-point step).
        """
        definitions = {symbol: expr for _, symbol, expr in self.known.substitutions()}
        best = describe_difference(self.scope, value, prev.value, definitions)
        text, relation = f"not equal to the previous line: {best.text}", None
        for var in self._candidate_variables(prev.value):
            derivative = sp.diff(prev.value, var.symbol)
            how = describe_difference(self.scope, value, derivative)
            if how.score < best.score:
                best = how
                text = f"not the derivative with respect to {var.name}: {how.text}"
                relation = f"diff {var.name}"
        return StepResult(StepStatus.WRONG, text, relation)

    def _latest_condition(self) -> Line | None:
        if not self.known.conditions:
            return None
        return self.known.lines[self.known.conditions[-1]]

    def _unknown(self, line: Line, condition: Line) -> VarSpec | None:
        """The variable being solved for: the last one differentiated, else a solved symbol."""
        symbols = line.zero_form.free_symbols | condition.zero_form.free_symbols
        for var in list(self.known.calculus_var.values())[::-1]:
            if var.symbol in symbols:
                return var
        for candidate in (line, condition):
            pair = candidate.as_substitution()
            if pair is not None and self.scope.var_of(pair[0]) is not None:
                return self.scope.var_of(pair[0])
        shared = line.zero_form.free_symbols & condition.zero_form.free_symbols
        for symbol in sorted(shared or symbols, key=lambda s: s.name):
            if self.scope.var_of(symbol) is not None:
                return self.scope.var_of(symbol)
        return None


def _names(symbols: set[sp.Basic]) -> str:
    return ", ".join(sorted(str(s) for s in symbols))


def _letter(line: Line) -> sp.Symbol | None:
    """A line that is one letter, read as a proposition beside a line of pure logic."""
    return line.value if line.statement is None and isinstance(line.value, sp.Symbol) else None


def _truth(zero_form: sp.Expr) -> bool | None:
    """Whether an equation without variables (``0 = 3``, ``2 = sqrt(-5)``) holds; None when
    it has variables. Complex values count: ``2 = sqrt(-5)`` is simply false."""
    if zero_form.free_symbols:
        return None
    try:
        value = complex(sp.N(zero_form, 30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return abs(value) < 1e-20


def _compare_truths(before: bool, after: bool) -> StepResult:
    """Two equations without variables: each holds for every value or for none."""
    if before == after:
        how = "both hold for every value" if after else "neither has a solution"
        return StepResult(StepStatus.OK, f"equivalent to the previous equation ({how})", "equivalent")
    if after:
        return StepResult(
            StepStatus.IMPLIES,
            "follows from the previous equation, which has no solution, but holds for every value",
        )
    return StepResult(
        StepStatus.IMPLIED_BY,
        "not equivalent to the previous equation: it has no solution, the previous one holds "
        "for every value",
    )


def _is_identity(scope: Scope, line: Line) -> bool:
    return line.rhs is not None and compare_values(scope, line.lhs, line.rhs).same


def _limit_points(var: VarSpec) -> list[sp.Expr]:
    """Where a limit in a derivation goes: to infinity (even for a variable whose declared
    range is finite, such as a sample size), to -oo, or to a finite end of the domain."""
    points: list[sp.Expr] = [sp.oo]
    for end in (var.low, var.high):
        if end == float("-inf"):
            points.append(-sp.oo)
        elif end != float("inf"):
            points.append(sp.nsimplify(end))
    return points


