"""Check an author's derivation: labelled steps (``RELATION: CONTENT``) and the flawed version.

The relations are those of ``../shared/topics.md`` "Derivations": ``given``, ``equal``,
``diff x``, ``solve x``, ``subs i,j`` / ``subs i into k`` and ``limit x POINT``. Every
checked step of the reference must hold; the flawed version must break exactly at its
``wrong-step`` (1-based) and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy as sp

from studyapp.checking.derivations.diagnose import describe_difference
from studyapp.checking.derivations.lines import Line
from studyapp.checking.derivations.reader import LineReader
from studyapp.checking.derivations.relations import (
    Agreement,
    SolutionChange,
    compare_solutions,
    compare_values,
    numeric_limit,
)
from studyapp.checking.derivations.result import DerivationResult, StepStatus
from studyapp.checking.derivations.scope import Scope
from studyapp.checking.meaning import DomainError, parse_bound
from studyapp.checking.reading import InvalidAnswer
from studyapp.content.model import Derivation, Step

RELATIONS = ("given", "equal", "diff", "solve", "subs", "limit")


def check_labelled_steps(scope: Scope, derivation: Derivation) -> list[str]:
    """Problems with the reference steps and the flawed version, as ``id: message``."""
    problems: list[str] = []
    if not derivation.steps:
        return [f"{derivation.id}: no steps"]
    for number, why in failing_steps(scope, derivation, derivation.steps).items():
        step = derivation.steps[number - 1]
        problems.append(f"{derivation.id}: step {number} ({step.relation}: {step.content}): {why}")
    if derivation.flawed:
        wrong = derivation.wrong_step
        if wrong is None or not 1 <= wrong <= len(derivation.flawed):
            problems.append(f"{derivation.id}: wrong-step must name a step of the flawed version")
        else:
            broken = failing_steps(scope, derivation, derivation.flawed)
            if set(broken) != {wrong}:
                details = "; ".join(f"step {n}: {why}" for n, why in broken.items())
                problems.append(
                    f"{derivation.id}: the flawed version should break exactly at step {wrong}, "
                    f"breaks at {sorted(broken) or 'none'}" + (f" ({details})" if details else "")
                )
    return problems


def failing_steps(scope: Scope, derivation: Derivation, steps: Sequence[Step]) -> dict[int, str]:
    """1-based step number → why it does not follow from the step it names."""
    reader = LineReader(scope.symbols, derivation.functions)
    lines: list[Line | None] = []
    failures: dict[int, str] = {}
    for number, step in enumerate(steps, start=1):
        try:
            lines.append(reader.read(step.content))
        except InvalidAnswer as exc:
            lines.append(None)
            failures[number] = f"cannot be read: {exc}"
            continue
        if number == 1 and step.relation != "given":
            failures[number] = "the first step must be 'given'"
            continue
        if step.relation == "given":
            continue
        try:
            why = relation_problem(scope, step.relation, lines, number - 1)
        except (ValueError, IndexError) as exc:
            why = str(exc)
        if why is not None:
            failures[number] = why
    return failures


def relation_problem(
    scope: Scope, relation: str, lines: Sequence[Line | None], index: int
) -> str | None:
    """None when line ``index`` relates to the earlier lines as ``relation`` says."""
    words = relation.split()
    if not words or words[0] not in RELATIONS:
        return f"unknown relation {relation!r} (want one of {', '.join(RELATIONS)})"
    line, previous = lines[index], _line(lines, index - 1)
    kind, args = words[0], words[1:]
    if kind == "equal":
        return _values_problem(scope, line.value, previous.value, "the previous line")
    if kind == "diff":
        var = _var(scope, args)
        derivative = sp.diff(previous.value, var.symbol)
        return _values_problem(scope, line.value, derivative, f"the derivative with respect to {var.name}")
    if kind == "solve":
        var = _var(scope, args)
        comparison = compare_solutions(scope, previous.zero_form, line.zero_form, var)
        if comparison.change is SolutionChange.SAME:
            return None
        return comparison.describe()
    if kind == "subs":
        return _subs_problem(scope, " ".join(args), lines, index)
    var = _var(scope, args)
    target = _limit_point(args[1] if len(args) > 1 else "oo")
    if numeric_limit(scope, previous.value, var, target, line.value) is Agreement.SAME:
        return None
    return f"not the limit of the previous line as {var.name} → {args[1] if len(args) > 1 else 'oo'}"


def _values_problem(scope: Scope, got: sp.Expr, expected: sp.Expr, what: str) -> str | None:
    if compare_values(scope, got, expected).same:
        return None
    return f"not equal to {what}: {describe_difference(scope, got, expected).text}"


def _subs_problem(scope: Scope, spec: str, lines: Sequence[Line | None], index: int) -> str | None:
    sources, _, into = spec.partition(" into ")
    target = _line(lines, int(into) - 1) if into else _line(lines, index - 1)
    mapping: dict[sp.Symbol, sp.Expr] = {}
    for ref in sources.split(","):
        pair = _line(lines, int(ref) - 1).as_substitution()
        if pair is None:
            return f"step {ref.strip()} is not 'symbol = expression'"
        mapping[pair[0]] = pair[1]
    substituted = target.value.xreplace(mapping)
    return _values_problem(scope, lines[index].value, substituted, f"the substitution {spec}")


def _line(lines: Sequence[Line | None], index: int) -> Line:
    if index < 0 or index >= len(lines) or lines[index] is None:
        raise ValueError(f"refers to step {index + 1}, which is missing or unreadable")
    return lines[index]


def _var(scope: Scope, args: Sequence[str]):
    if not args or args[0] not in scope.variables:
        raise ValueError(f"names no declared variable: {' '.join(args) or '(none)'}")
    return scope.variables[args[0]]


def _limit_point(text: str) -> sp.Expr:
    try:
        return parse_bound(text.lstrip("+"))
    except DomainError as exc:
        raise ValueError(f"cannot read the limit point {text!r}: {exc}") from exc


def same_line(scope: Scope, a: Line, b: Line) -> bool:
    """The same statement: equal values, or equations with equal or swapped sides."""
    if a.is_equation != b.is_equation:
        return False
    if not a.is_equation:
        return compare_values(scope, a.value, b.value).same
    if compare_values(scope, a.lhs, b.lhs).same and compare_values(scope, a.rhs, b.rhs).same:
        return True
    if compare_values(scope, a.lhs, b.rhs).same and compare_values(scope, a.rhs, b.lhs).same:
        return True
    return compare_values(scope, a.zero_form, b.zero_form).same or compare_values(
        scope, a.zero_form, -b.zero_form
    ).same


def with_declared_mistake(
    scope: Scope,
    reader: LineReader,
    derivation: Derivation,
    lines: Sequence[str],
    result: DerivationResult,
) -> DerivationResult:
    """The author's ``mistake:`` text for a first wrong line that is one of the derivation's
    declared ``flawed`` steps (from ``wrong-step`` on, those no reference step shares)."""
    index = result.first_wrong_step
    if index is None or not derivation.mistake or not derivation.wrong_step:
        return result
    step = result.steps[index]
    if step.status is StepStatus.UNREADABLE or step.line is None:
        return result
    reference = {" ".join(s.content.split()) for s in derivation.steps}
    flawed = [
        s.content
        for s in derivation.flawed[derivation.wrong_step - 1 :]
        if " ".join(s.content.split()) not in reference  # carries the mistake
    ]
    try:
        line = reader.read(lines[step.line - 1])
        if not any(same_line(scope, reader.read(text), line) for text in flawed):
            return result
    except InvalidAnswer:
        return result
    steps = list(result.steps)
    steps[index] = replace(step, message=derivation.mistake, relation="flawed")
    message = result.message
    if result.verdict == "incorrect":
        message = f"line {step.line} is a known mistake: {derivation.mistake}"
    return replace(result, steps=tuple(steps), message=message)
