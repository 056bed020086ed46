"""Grading a structured answer (a set, a list, a matrix, relations, logic or text).

Both the expected and the typed answer are read by :mod:`studyapp.checking.reading`
(their shape, then each formula), turned into values by :mod:`.compound` and compared
there; this module gives the verdict and shows how the answer was read.
"""

from __future__ import annotations

import random

import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.meaning.compound import compare, to_value
from studyapp.checking.meaning.domains import VariableSpace
from studyapp.checking.meaning.equivalence import Tol
from studyapp.checking.meaning.text_answers import is_quoted, same_text, text_of
from studyapp.checking.reading import (
    Collection,
    Comparison,
    Definition,
    Formula,
    InvalidAnswer,
    Logic,
    MatrixOf,
    ParsedAnswer,
    RealSet,
    Shape,
    StructureError,
    Truth,
    is_plain,
    parse_answer,
    read_structure,
    uses_connectives,
)
from studyapp.checking.verdict import GradeResult, Verdict


def grade_compound(
    expect: str, answer: str, space: VariableSpace, tol: Tol, rng: random.Random
) -> GradeResult | None:
    """Grade a structured answer; None when both are plain formulas or single equations."""
    if is_quoted(expect) or is_quoted(answer):
        return _grade_text(expect, answer)
    if not (uses_connectives(expect) or uses_connectives(answer)):
        return None
    try:
        expected_node = read_structure(expect)
    except StructureError as exc:
        return GradeResult(Verdict.INVALID, f"cannot read the expected answer: {exc}")
    try:
        typed_node = read_structure(answer)
    except StructureError as exc:
        return GradeResult(Verdict.INVALID, str(exc))
    if is_plain(expected_node) and (is_plain(typed_node) or _bare_pair(answer, typed_node)):
        return None
    reader = _Reader(space)
    try:
        expected = to_value(expected_node, reader.expected)
    except InvalidAnswer as exc:
        return GradeResult(Verdict.INVALID, f"cannot read the expected answer: {exc}")
    try:
        typed = to_value(typed_node, reader.typed)
    except InvalidAnswer as exc:
        return GradeResult(Verdict.INVALID, str(exc), details={"column": exc.column})
    result = GradeResult(
        Verdict.UNDECIDED, "", interpreted=_render(typed_node, reader.shown), expected=expect
    )
    sandbox.report_progress("parsed")
    outcome = compare(expected, typed, reader.space(), tol, rng)
    if outcome.verdict == "equivalent":
        result.verdict, result.message = Verdict.CORRECT, "correct"
    elif outcome.verdict == "different":
        result.verdict = Verdict.INCORRECT
        result.message = outcome.message or "not equivalent to the expected answer"
    else:
        result.message = f"could not decide: {outcome.message}"
    return result


def _grade_text(expect: str, answer: str) -> GradeResult:
    """A quoted expected answer ("sigmoid") is text: the answer must be the same text."""
    if not is_quoted(expect):
        return GradeResult(
            Verdict.INVALID, "a formula is expected here, not text: remove the quotes"
        )
    same = same_text(expect, answer)
    message = "correct" if same else "not the expected text"
    return GradeResult(Verdict.CORRECT if same else Verdict.INCORRECT, message, text_of(answer))


def read_values(
    expect: str, answer: str, space: VariableSpace
) -> tuple[object, object, VariableSpace, str]:
    """Both answers as values (:func:`to_value`), the space over all their names, and how
    the answer was read. Raises StructureError or InvalidAnswer (the expected answer's
    problems say so)."""
    reader = _Reader(space)
    try:
        expected_node = read_structure(expect)
        expected = to_value(expected_node, reader.expected)
    except (StructureError, InvalidAnswer) as exc:
        raise InvalidAnswer(f"cannot read the expected answer: {exc}") from None
    typed_node = read_structure(answer)
    typed = to_value(typed_node, reader.typed)
    return expected, typed, reader.space(), _render(typed_node, reader.shown)


def values_agree(
    expected: object, answer: object, space: VariableSpace, tol: Tol, rng: random.Random
) -> bool:
    return compare(expected, answer, space, tol, rng).verdict == "equivalent"


def _bare_pair(text: str, node: Shape) -> bool:
    """``(0,5)`` where a number is expected: the formula reader explains decimal commas."""
    return isinstance(node, RealSet) and node.op == "oo" and text.lstrip().startswith("(")


class _Reader:
    """Reads the formulas of both answers over one set of names (the expected's first)."""

    def __init__(self, space: VariableSpace) -> None:
        self._space = space
        self._names: set[str] = set(space.domains)
        self.shown: dict[str, str] = {}  # formula text → the parser's preview of it

    def expected(self, text: str) -> sp.Expr:
        parsed = self._parse(text)
        self._names |= parsed.names
        return self._space.adopt(parsed.value)

    def typed(self, text: str) -> sp.Expr:
        parsed = self._parse(text)
        return self._space.adopt(parsed.value)

    def space(self) -> VariableSpace:
        return self._space.including(self._names)

    def _parse(self, text: str) -> ParsedAnswer:
        if not self._names:
            parsed = parse_answer(text)
        else:
            try:
                parsed = parse_answer(text, names=sorted(self._names))
            except InvalidAnswer as exc:
                if not str(exc).startswith("unknown name"):
                    raise
                free = parse_answer(text).names
                parsed = parse_answer(text, names=sorted(self._names | free))
        if parsed.kind != "expression":
            raise InvalidAnswer(f"`{text}` should be a formula here")
        self._names |= parsed.names
        self.shown[text] = parsed.interpreted
        return parsed


_OPS = {"<=": "≤", ">=": "≥", "#": "≠", "=": "=", "<": "<", ">": ">"}


def _render(node: Shape, shown: dict[str, str]) -> str:
    """How a structured answer was read, with each formula as the parser previews it."""
    if isinstance(node, Formula):
        return shown.get(node.text, node.text)
    if isinstance(node, Comparison):
        lhs, rhs = _render(node.lhs, shown), _render(node.rhs, shown)
        return f"{lhs} {_OPS[node.op]} {rhs}"
    if isinstance(node, Truth):
        return "true" if node.value else "false"
    if isinstance(node, Logic):
        parts = [
            f"({_render(p, shown)})"
            if isinstance(p, Logic) and p.op != "not"
            else _render(p, shown)
            for p in node.parts
        ]
        return f"not {parts[0]}" if node.op == "not" else f" {node.op} ".join(parts)
    if isinstance(node, Collection):
        inner = ", ".join(_render(i, shown) for i in node.items)
        return {"set": "{%s}", "list": "[%s]", "plusminus": "±{%s}"}[node.kind] % inner
    if isinstance(node, MatrixOf):
        rows = ("[" + ", ".join(_render(c, shown) for c in row) + "]" for row in node.rows)
        return "matrix(" + ", ".join(rows) + ")"
    if isinstance(node, RealSet):
        parts = [_render(p, shown) for p in node.parts]
        if node.op in ("oo", "oc", "co", "cc"):
            left, right = ("(" if node.op[0] == "o" else "["), (")" if node.op[1] == "o" else "]")
            return f"{left}{parts[0]}, {parts[1]}{right}"
        return (" ∪ " if node.op == "union" else " ∩ ").join(parts)
    if isinstance(node, Definition):
        return f"{node.name}({', '.join(node.params)}) := {_render(node.body, shown)}"
    raise AssertionError(f"unknown node {node!r}")
