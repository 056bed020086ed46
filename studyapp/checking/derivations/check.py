"""Derivation checking: which line of a derivation breaks, and why.

Two entry points:

* :func:`check_derivation` grades a learner's lines (no labels) the way STACK's reasoning
  by equivalence does: each line must follow from the lines before it (see
  :mod:`.infer` for the relations tried) and the last line must reach the goal.
* :func:`grade_derivation` does the same against a content :class:`Derivation` (its
  variables, ``where`` relations, functions, givens and goal), and
  :func:`check_reference_derivation` checks the author's labelled steps and flawed
  version (for ``studyapp check`` and the tests).

The public functions run in the sandbox pool under a hard wall-clock cap, so hostile
input (huge lines, thousands of lines, recursion bombs) ends as ``invalid``, never as a
hang; the ``*_here`` functions do the work in the current process.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.derivations.diagnose import describe_difference
from studyapp.checking.derivations.infer import Inference
from studyapp.checking.derivations.lines import (
    Line,
    chain_links,
    check_sizes,
    continues_chain,
    formula_part,
)
from studyapp.checking.derivations.reader import LineReader, names_used
from studyapp.checking.derivations.reference import (
    check_labelled_steps,
    same_line,
    with_declared_mistake,
)
from studyapp.checking.derivations.relations import (
    SolutionChange,
    compare_solutions,
    compare_values,
)
from studyapp.checking.derivations.result import (
    DerivationResult,
    StepResult,
    StepStatus,
    conclude,
)
from studyapp.checking.derivations.scope import Scope
from studyapp.checking.derivations.structured import relate
from studyapp.checking.meaning import (
    DomainError,
    VariableSpace,
    domains_from_variables,
    space_from_mapping,
)
from studyapp.checking.reading import FunctionLike, InvalidAnswer
from studyapp.checking.verdict import Verdict, read_failure
from studyapp.content.model import Derivation

__all__ = [
    "DerivationResult",
    "StepResult",
    "StepStatus",
    "check_derivation",
    "check_reference_derivation",
    "grade_derivation",
    "next_hint",
]

TIMEOUT_S = 6.0  # a whole derivation; a single answer gets the sandbox default
REFERENCE_TIMEOUT_S = 60.0  # content checks: trusted, but several derivations of work
_WORKER_NAME = "studyapp-check"
T = TypeVar("T")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


# --------------------------------------------------------------------------- public API


def check_derivation(
    steps: Sequence[str],
    where: Mapping[str, str] | None = None,
    goal: str | None = None,
    functions: Iterable[FunctionLike] = (),
    timeout: float | None = None,
    options: Iterable[str] = (),
) -> DerivationResult:
    """Check a learner's lines: does each follow from the ones before, is the goal reached?

    ``options`` takes STACK's reasoning options: ``assume_pos`` makes every variable not
    declared in ``where`` positive; ``assume_real`` and ``calculus`` are accepted and change
    nothing, since we always work over the reals and always recognise calculus steps.
    """
    problem = _input_problem(steps) or _options_problem(options)
    if problem is not None:
        return DerivationResult.invalid(problem)
    return _run(
        check_derivation_here, list(steps), where, goal, tuple(functions), tuple(options),
        timeout=timeout,
    )


def grade_derivation(
    derivation: Derivation, lines: Sequence[str], timeout: float | None = None
) -> DerivationResult:
    """Check a learner's lines against a content derivation (its givens, domains and goal)."""
    problem = _input_problem(lines)
    if problem is not None:
        return DerivationResult.invalid(problem)
    return _run(grade_derivation_here, derivation, list(lines), timeout=timeout)


def check_reference_derivation(derivation: Derivation, timeout: float | None = None) -> list[str]:
    """Problems with an authored derivation: its steps must hold, its flawed version must
    break exactly at ``wrong-step``, and the line-by-line grader must agree on both."""
    try:
        return _call(
            check_reference_derivation_here, derivation, timeout=timeout or REFERENCE_TIMEOUT_S
        )
    except sandbox.CheckTimeout as exc:
        return [f"{derivation.id}: checking took longer than {exc.seconds:g} s"]
    except sandbox.SandboxError as exc:
        return [f"{derivation.id}: the checker failed: {exc}"]


def next_hint(derivation: Derivation, lines: Sequence[str], timeout: float | None = None) -> str | None:
    """The first reference step after the last one the learner has already written."""
    if _input_problem(lines) is not None:
        lines = []
    try:
        return _call(next_hint_here, derivation, list(lines), timeout=timeout)
    except sandbox.SandboxError:
        return _first_new_step(derivation, 0)


# --------------------------------------------------------------------------- in-process work


def check_derivation_here(
    steps: Sequence[str],
    where: Mapping[str, str] | None = None,
    goal: str | None = None,
    functions: Iterable[FunctionLike] = (),
    options: Iterable[str] = (),
) -> DerivationResult:
    problem = _input_problem(steps) or _options_problem(options)
    if problem is not None:
        return DerivationResult.invalid(problem)
    functions = tuple(functions)
    try:
        declared = space_from_mapping(where)
        undeclared = names_used(steps, functions) if not declared.domains else set()
        if _option_names(options) & {"assumepos"}:
            undeclared |= names_used(steps, functions)
            positive = {n: "positive" for n in sorted(undeclared - set(declared.domains))}
            declared = space_from_mapping({**(where or {}), **positive})
        space = declared.including(undeclared)
        scope = Scope(space)
    except (DomainError, InvalidAnswer) as exc:
        return DerivationResult.invalid(f"cannot read the domains: {exc}")
    reader = LineReader(scope.symbols, functions)
    return _walk(scope, reader, steps, goal)


def grade_derivation_here(derivation: Derivation, lines: Sequence[str]) -> DerivationResult:
    problem = _input_problem(lines)
    if problem is not None:
        return DerivationResult.invalid(problem)
    try:
        scope, reader, givens = _reference_setup(derivation)
    except (DomainError, InvalidAnswer, ValueError) as exc:
        return DerivationResult.invalid(f"the derivation {derivation.id} cannot be checked: {exc}")
    goal = derivation.goal or (derivation.steps[-1].content if derivation.steps else None)
    result = _walk(scope, reader, lines, goal, givens, _named(givens))
    return with_declared_mistake(scope, reader, derivation, lines, result)


def check_reference_derivation_here(derivation: Derivation) -> list[str]:
    try:
        scope, _, _ = _reference_setup(derivation)
    except (DomainError, InvalidAnswer, ValueError) as exc:
        return [f"{derivation.id}: cannot set up the variables: {exc}"]
    problems = check_labelled_steps(scope, derivation)
    problems += _grader_agrees(derivation)
    return problems


def next_hint_here(derivation: Derivation, lines: Sequence[str]) -> str | None:
    if not derivation.steps:
        return None
    try:
        scope, reader, _ = _reference_setup(derivation)
    except (DomainError, InvalidAnswer, ValueError):
        return _first_new_step(derivation, 0)
    reference = [reader.read(step.content) for step in derivation.steps]
    learner_reader = LineReader(scope.symbols, derivation.functions)
    learner_reader.definitions.update(reader.definitions)  # the given's name, if any
    written: list[Line] = []
    for text in lines:
        try:
            line = learner_reader.read(text)
        except InvalidAnswer:
            continue
        # ``diff(L, a) = …`` matches a reference step that is the derivative alone.
        written.append(Line(text, line.rhs) if line.diff_var and line.rhs is not None else line)
    reached = 0  # reference steps matched so far, in order
    for line in written:
        match = next(
            (j for j in range(reached, len(reference)) if same_line(scope, reference[j], line)), None
        )
        if match is not None:
            reached = match + 1
    return _first_new_step(derivation, reached)


# --------------------------------------------------------------------------- helpers


def _walk(
    scope: Scope,
    reader: LineReader,
    texts: Sequence[str],
    goal: str | None,
    givens: Sequence[Line] = (),
    named: Line | None = None,
) -> DerivationResult:
    """Judge ``texts`` in order. ``named`` is a given the learner may refer to by name
    (``diff(L, a) = …``) without restating it, so the first line may build on it."""
    substitutions = [pair for g in givens if (pair := g.as_substitution()) is not None]
    # Without a reference, a learner may state a new premise (S = (k - 1)*w) mid-way.
    inference = Inference(scope, substitutions, accept_premises=not givens, start=named)
    results: list[StepResult] = []
    last: Line | None = None
    seen: set[sp.Basic] = set()  # the symbols of the lines read so far
    written = [formula_part(text) for text in texts if text.strip()]
    # ``a = b`` then ``= c``, ``= d``: one chain of equalities, so a = b itself must hold.
    chain = not givens and len(written) > 1 and all(continues_chain(t) for t in written[1:])
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            inference.skip(number)
            continue
        first = not results
        try:
            links, lines = _read_line(reader, text)
        except InvalidAnswer as exc:
            unreadable = StepResult(StepStatus.UNREADABLE, str(exc), line=number)
            results.append(inference.add(None, unreadable, number))
            continue
        judged: list[StepResult] = []
        for line in lines:  # one line, or the links of ``A = B = C`` in turn
            # Restating a given is always allowed; an equation that does so is a given.
            preset = _given_status(scope, line, givens, first and named is None, seen)
            seen |= line.zero_form.free_symbols
            if preset is not None and (first or line.is_equation):
                result = preset
            elif first and chain and line.is_equation and line.defines is None:
                result = _chain_start(scope, line)
            else:
                result = inference.judge(line)
                if preset is not None and not result.good:
                    result = preset
            judged.append(inference.add(line, result, number))
            first = False
            if not result.good:
                break
        result = _one_result(judged, links) if len(lines) > 1 else judged[0]
        interpreted = "; ".join(line.interpreted or "" for line in lines)
        results.append(replace(result, interpreted=interpreted, line=number))
        last = lines[-1]
    goal_check = _goal_check(scope, reader, last, goal) if goal else None
    return conclude(results, goal_check)


def _read_line(reader: LineReader, text: str) -> tuple[list[str], list[Line]]:
    """The line read whole, or else as the links of ``A = B = C`` (a line with logic, such
    as ``x = 1 or x = 2``, reads whole)."""
    try:
        return [text], [reader.read(text)]
    except InvalidAnswer:
        links = chain_links(text)
        if len(links) == 1:
            raise
    return links, [reader.read(link) for link in links]


def _one_result(judged: list[StepResult], links: list[str]) -> StepResult:
    """The links of one line judged in turn, as that line's result: the first that fails,
    or every link's reason."""
    failed = judged[-1]
    if not failed.good:
        return replace(failed, message=f"in `{links[len(judged) - 1]}`: {failed.message}")
    return replace(failed, message="; then ".join(result.message for result in judged))


def _chain_start(scope: Scope, line: Line) -> StepResult:
    if compare_values(scope, line.lhs, line.rhs).same:
        return StepResult(StepStatus.OK, "both sides are equal", "identity")
    how = describe_difference(scope, line.rhs, line.lhs).text
    return StepResult(
        StepStatus.WRONG, f"the chain of equalities starts with two sides that differ: {how}"
    )


def _given_status(
    scope: Scope, line: Line, givens: Sequence[Line], first: bool, seen: set[sp.Basic]
) -> StepResult | None:
    """In a content derivation a line may restate a given, or solve one for a variable no
    earlier line (``seen``: their symbols) is about; the first line must do either."""
    if not givens:
        return None
    for given in givens:
        if same_line(scope, given, line) or _restates_named(scope, given, line):
            return StepResult(StepStatus.GIVEN, "a given of the exercise", "given")
    solved = _solving_a_given(scope, line, givens, seen)
    if solved is not None:
        return solved
    if first and _given_set_equal_to_a_form(scope, line, givens):
        return StepResult(StepStatus.GIVEN, "the given, equal to a form of it", "given")
    if first:
        return StepResult(
            StepStatus.WRONG, f"start from what is given: {givens[0].text}"
        )
    return None


def _given_set_equal_to_a_form(scope: Scope, line: Line, givens: Sequence[Line]) -> bool:
    """``(d*r + r*k)/(d*k) = r*(d + k)/(d*k)``: a given expression, then ``=`` and an
    equal form of it, as the first line."""
    if line.rhs is None or not compare_values(scope, line.lhs, line.rhs).same:
        return False
    return any(
        given.rhs is None and compare_values(scope, given.lhs, line.lhs).same for given in givens
    )


_SOLVED_STATUS = {  # how a line relates to the given it solves, when not equivalent
    SolutionChange.GAINS: StepStatus.IMPLIES,
    SolutionChange.LOSES: StepStatus.IMPLIED_BY,
    SolutionChange.DIFFERS: StepStatus.WRONG,
}


def _solving_a_given(
    scope: Scope, line: Line, givens: Sequence[Line], seen: set[sp.Basic]
) -> StepResult | None:
    """How a line ``v = …`` follows from the given equation that holds v, when no earlier
    line is about v (a learner need not copy a given out before solving it)."""
    solved = line.as_substitution()
    unknown = scope.var_of(solved[0]) if solved is not None else None
    if unknown is None or unknown.symbol in seen:
        return None
    holding = [
        g for g in givens
        if g.is_equation and g.defines is None and unknown.symbol in g.zero_form.free_symbols
    ]
    if len(holding) != 1:
        return None
    given = holding[0]
    comparison = compare_solutions(scope, given.zero_form, line.zero_form, unknown)
    if comparison.change is SolutionChange.SAME:
        return StepResult(
            StepStatus.OK, f"the given {given.text} solved for {unknown.name}", f"solve {unknown.name}"
        )
    status = _SOLVED_STATUS.get(comparison.change)
    if status is None:
        return None
    return StepResult(
        status, f"solving the given {given.text}: {comparison.describe()}", f"solve {unknown.name}"
    )


def _restates_named(scope: Scope, given: Line, line: Line) -> bool:
    """``L = …`` written out for a given the content already names L."""
    return (
        given.defines is not None
        and line.restates == given.defines
        and line.rhs is not None
        and compare_values(scope, line.rhs, given.value).same
    )


def _named(givens: Sequence[Line]) -> Line | None:
    return next((given for given in givens if given.defines is not None), None)


def _goal_check(
    scope: Scope, reader: LineReader, last: Line | None, goal: str
) -> tuple[bool, str]:
    try:
        target = reader.read(goal)
    except InvalidAnswer as exc:
        return False, f"the goal cannot be read: {exc}"
    missed = f"the last line does not reach the goal {goal}"
    if last is None:
        return False, missed
    if target.proposition is not None or last.proposition is not None:
        before, after = target.statement, last.statement
        if before is None or after is None:
            return False, missed
        reached = relate(before, after, scope.space, scope.seed).status is StepStatus.OK
        return reached, "the goal is reached" if reached else missed
    if target.is_equation != last.is_equation:
        if not target.is_equation and compare_values(scope, last.value, target.value).same:
            return True, "the goal is reached"
        return False, missed
    if not target.is_equation:
        return compare_values(scope, last.value, target.value).same, missed
    if same_line(scope, target, last):
        return True, "the goal is reached"
    if target.as_substitution() is not None:  # a solved form must be reached as one
        return False, missed
    unknown = next(
        (scope.var_of(s) for s in sorted(target.zero_form.free_symbols, key=str) if scope.var_of(s)),
        None,
    )
    if unknown is not None:
        change = compare_solutions(scope, target.zero_form, last.zero_form, unknown).change
        return change is SolutionChange.SAME, missed
    return False, missed


def _reference_setup(derivation: Derivation) -> tuple[Scope, LineReader, list[Line]]:
    space: VariableSpace = domains_from_variables(derivation.variables, derivation.where)
    scope = Scope(space, seed=sum(map(ord, derivation.id)))
    reader = LineReader(scope.symbols, derivation.functions)
    givens = [reader.read(step.content) for step in derivation.steps if step.relation == "given"]
    if derivation.given_name is not None:
        givens = _name_first_expression(reader, derivation, givens)
    return scope, reader, givens


def _name_first_expression(
    reader: LineReader, derivation: Derivation, givens: list[Line]
) -> list[Line]:
    """Read the first given expression again as ``NAME = expression`` (``name:`` field), so
    the reader knows NAME and the learner may use it from the first line on."""
    name = derivation.given_name
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"`name: {name}` is not a plain name like L")
    if name in reader.symbols:
        raise ValueError(f"`name: {name}` is already a variable of the derivation")
    index = next(
        (i for i, g in enumerate(givens) if not g.is_equation and g.proposition is None), None
    )
    if index is None:
        raise ValueError(f"`name: {name}` needs a given that is an expression, not an equation")
    named = reader.read(f"{name} = {givens[index].text}")
    return [*givens[:index], named, *givens[index + 1 :]]


def _grader_agrees(derivation: Derivation) -> list[str]:
    """The learner-facing grader must accept the steps and reject the flawed version."""
    problems = []
    correct = grade_derivation_here(derivation, [s.content for s in derivation.steps])
    if correct.verdict != Verdict.CORRECT:
        problems.append(f"{derivation.id}: the grader rejects the reference steps: {correct.message}")
    if derivation.flawed and derivation.wrong_step:
        flawed = grade_derivation_here(derivation, [s.content for s in derivation.flawed])
        if flawed.first_wrong_step != derivation.wrong_step - 1:
            found = "none" if flawed.first_wrong_step is None else flawed.first_wrong_step + 1
            problems.append(
                f"{derivation.id}: the grader should reject the flawed version at step "
                f"{derivation.wrong_step}, rejects it at {found}"
            )
    return problems


def _first_new_step(derivation: Derivation, start: int) -> str | None:
    """The first reference step from ``start`` on that is not a given: the editor starts
    with the givens written out, so hinting one would tell the learner nothing."""
    step = next((s for s in derivation.steps[start:] if s.relation != "given"), None)
    return None if step is None else _format_step(step)


def _format_step(step) -> str:
    return f"{step.content}  ({step.justification})" if step.justification else step.content


def _input_problem(lines: object) -> str | None:
    if isinstance(lines, str) or not isinstance(lines, Sequence):
        return "the derivation must be a list of lines"
    if not all(isinstance(line, str) for line in lines):
        return "every line of the derivation must be text"
    return check_sizes(list(lines))


OPTIONS = frozenset({"assumepos", "assumereal", "calculus"})


def _option_names(options: Iterable[str]) -> set[str]:
    """STACK spells these ``assume_pos`` in questions and ``assumepos`` in tests."""
    return {option.replace("_", "").lower() for option in options}


def _options_problem(options: object) -> str | None:
    if isinstance(options, str) or not isinstance(options, Iterable):
        return "the options must be a list such as [\"assume_pos\"]"
    options = list(options)
    if not all(isinstance(option, str) for option in options):
        return "every option must be text"
    unknown = [option for option in options if not _option_names([option]) <= OPTIONS]
    if unknown:
        return f"unknown option {unknown[0]!r} (known: assume_pos, assume_real, calculus)"
    return None


def _in_worker() -> bool:
    return multiprocessing.current_process().name == _WORKER_NAME


def _call(function: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
    if _in_worker():  # already sandboxed (e.g. a batch grade line): work right here
        return function(*args)
    return sandbox.run(function, *args, timeout=timeout or TIMEOUT_S)


def _run(
    function: Callable[..., DerivationResult], *args: Any, timeout: float | None = None
) -> DerivationResult:
    try:
        return _call(function, *args, timeout=timeout)
    except sandbox.SandboxError as exc:
        return DerivationResult.from_failure(read_failure(exc, "derivation"))
