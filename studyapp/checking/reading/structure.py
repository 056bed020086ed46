"""The outer shape of an answer: sets, lists, matrices, logic and relations around formulas.

STACK-style answers wrap ordinary formulas in structure: ``{1, 2}``, ``[a, b]``,
``matrix([1,2],[3,4])``, ``x=2 or x=-2``, ``x>1 and x<5``, ``not (x<=2)``, ``x#1``,
``true``, intervals and their unions (``(-inf, -1] ∪ [1, inf)``), the empty set ``∅``,
and ``x ∈ S`` (the condition that x lies in S). This module only finds that shape on the
text (bracket-aware, nothing is evaluated); every formula inside stays a string for
:func:`parse_answer` to read safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.plain import as_plain
from studyapp.checking.reading.syntax import MAX_DEPTH
from studyapp.checking.reading.tokenize import MAX_LENGTH

MAX_NODES = 400  # a structured answer with more parts than this is refused as too large

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")", "]", "}"}
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OR = ("or", "nounor")
_AND = ("and", "nounand")
_CONNECTIVES = frozenset({*_OR, *_AND, "not", "xor", "xnor", "implies"})
_TRUTH = {"true": True, "false": False, "all": True, "none": False}
_EMPTY_SET = ("∅", "Ø", "⦰")
_RELATIONS = ("<=", ">=", "=<", "=>", "<", ">", "=", "#", "≤", "≥", "≠", "!=")
# no "+-": 2+-3 is 2 + (−3)
_PLUS_MINUS = re.compile(r"#pm#|±|\+/-")


class StructureError(ValueError):
    """Brackets or connectives that do not form an answer (shown to the learner)."""


@dataclass(frozen=True)
class Formula:
    """A plain formula (expression), to be read by the safe parser."""

    text: str


@dataclass(frozen=True)
class Comparison:
    """``lhs OP rhs`` with OP one of = < > <= >= # (not equal)."""

    op: str
    lhs: Formula
    rhs: Formula


@dataclass(frozen=True)
class Truth:
    value: bool


@dataclass(frozen=True)
class Logic:
    """``and`` / ``or`` / ``xor`` / ``implies`` of parts, or ``not`` of one part."""

    op: str
    parts: tuple[Shape, ...]


@dataclass(frozen=True)
class Collection:
    """``set`` (order and repeats ignored), ``list`` (ordered) or ``plusminus`` (a ± b)."""

    kind: str
    items: tuple[Shape, ...]


@dataclass(frozen=True)
class MatrixOf:
    rows: tuple[tuple[Shape, ...], ...]


@dataclass(frozen=True)
class RealSet:
    """A set of real numbers: an interval ``oo``/``oc``/``co``/``cc`` (open/closed ends,
    as in STACK) of two formulas, or the ``union``/``intersection`` of sets."""

    op: str
    parts: tuple[Shape, ...]


@dataclass(frozen=True)
class Definition:
    """``f(x, y) := body``: a function, equal to another of the same name and arity whose
    body agrees once the parameters are renamed."""

    name: str
    params: tuple[str, ...]
    body: Formula


Shape = Formula | Comparison | Truth | Logic | Collection | MatrixOf | RealSet | Definition

_INTERVALS = ("oo", "oc", "co", "cc")
_SET_OPERATIONS = {
    "union": "union",
    "%union": "union",
    "intersection": "intersection",
    "%intersection": "intersection",
    "intersect": "intersection",
}
_SET_CALL = re.compile(r"(%?[A-Za-z]+)\s*\(")
# the words written between two sets; union(A, B), a call, is the function
_INFIX_UNION = re.compile(r"(?<![%\w])union\b(?!\()")
_INFIX_INTERSECTION = re.compile(r"(?<![%\w])(?:intersection|intersect)\b(?!\()")


def is_plain(node: Shape) -> bool:
    """A formula or a single equation: what the expression grader already handles."""
    if isinstance(node, Formula):
        return True
    return isinstance(node, Comparison) and node.op == "="


def read_structure(text: str) -> Shape:
    """The shape of ``text``; raises StructureError for unbalanced brackets."""
    if len(text) > MAX_LENGTH:  # checked before any scanning, as the tokenizer does
        raise StructureError(
            f"the answer is too long ({len(text)} characters, at most {MAX_LENGTH})"
        )
    try:
        text = as_plain(text)  # \{1, 2\}, x \le 3: LaTeX has the same shapes
    except InvalidAnswer as error:
        raise StructureError(str(error)) from error
    _check_balanced(text)
    counter = [0]
    return _read(text.strip(), counter)


def _read(text: str, counter: list[int]) -> Shape:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise StructureError(f"this answer has too many parts (over {MAX_NODES})")
    for ops in (_OR, ("xor", "xnor", "implies"), _AND):
        pieces, found = _split_words(text, ops)
        if len(pieces) > 1:
            if any(not p.strip() for p in pieces):
                raise StructureError(f"`{found[0]}` needs something on both sides")
            parts = tuple(_read(p.strip(), counter) for p in pieces)
            return _connect(found, parts)
    definition = _definition(text)
    if definition is not None:
        return definition
    lowered = text.lower()
    if lowered in _TRUTH:
        return Truth(_TRUTH[lowered])
    if text in _EMPTY_SET:
        return Collection("set", ())
    match = re.match(r"not\b", text)
    if match:
        rest = text[match.end() :].strip()
        if not rest:
            raise StructureError("`not` needs something after it")
        return Logic("not", (_read(rest, counter),))
    membership = _membership(text, counter)
    if membership is not None:
        return membership
    set_operation = _set_operation(text, counter)
    if set_operation is not None:
        return set_operation
    interval = _bracket_interval(text)
    if interval is not None:
        return interval
    if _wrapped(text, "(", ")"):
        inner = _read(text[1:-1].strip(), counter)
        if not isinstance(inner, Formula):
            return inner
        return Formula(text)
    for opener, kind in (("{", "set"), ("[", "list")):
        if _wrapped(text, opener, _OPENERS[opener]):
            inner_text = text[1:-1].strip()
            items = _split_commas(inner_text) if inner_text else []
            return Collection(kind, tuple(_read(i.strip(), counter) for i in items))
    real_set = _real_set(text, counter)
    if real_set is not None:
        return real_set
    matrix = _matrix_rows(text)
    if matrix is not None:
        return MatrixOf(tuple(tuple(_read(c.strip(), counter) for c in row) for row in matrix))
    relation = _relation(text, counter)
    if relation is not None:
        return relation
    return _formula(text)


def _formula(text: str) -> Shape:
    """A formula, or the set of its ± readings (``(5 #pm# 1)/2`` → {3, 2})."""
    match = _PLUS_MINUS.search(text)
    if match is None:
        return Formula(text)
    head, tail = text[: match.start()], text[match.end() :]
    # ± binds like + and -, so replacing the sign in place keeps the grouping
    return Collection("plusminus", (_formula(f"{head}+{tail}"), _formula(f"{head}-{tail}")))


def _connect(found: list[str], parts: tuple[Shape, ...]) -> Shape:
    op = found[0].removeprefix("noun")
    if op in ("and", "or"):
        return Logic(op, parts)
    # xor/xnor/implies: group from the left, as Maxima does
    node = parts[0]
    for word, part in zip(found, parts[1:]):
        node = Logic(word, (node, part))
    return node


def _relation(text: str, counter: list[int]) -> Shape | None:
    cuts = _top_level_relations(text)
    if not cuts:
        return None
    sides = []
    start = 0
    for at, op in cuts:
        sides.append(text[start:at].strip())
        start = at + len(op)
    sides.append(text[start:].strip())
    if any(not s for s in sides):
        raise StructureError("a relation needs a formula on each side")
    formulas = [_read(s, counter) for s in sides]
    relations = []
    for (_, op), lhs, rhs in zip(cuts, formulas, formulas[1:]):
        relations.append(_relation_node(_normal_op(op), lhs, rhs))
    return relations[0] if len(relations) == 1 else Logic("and", tuple(relations))


def _relation_node(op: str, lhs: Shape, rhs: Shape) -> Shape:
    """``x = a ± b`` means ``x = a+b or x = a-b``; otherwise sides must be formulas."""
    for side, other, left in ((lhs, rhs, True), (rhs, lhs, False)):
        if isinstance(side, Collection) and side.kind == "plusminus":
            options = tuple(
                _relation_node(op, item, other) if left else _relation_node(op, other, item)
                for item in side.items
            )
            return Logic("or", options)
    if not isinstance(lhs, Formula) or not isinstance(rhs, Formula):
        raise StructureError("each side of a relation must be a single formula")
    return Comparison(op, lhs, rhs)


def _normal_op(op: str) -> str:
    return {"=<": "<=", "=>": ">=", "≤": "<=", "≥": ">=", "≠": "#", "!=": "#"}.get(op, op)


def _top_level_relations(text: str) -> list[tuple[int, str]]:
    cuts = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        elif depth == 0:
            if text.startswith("#pm#", i):
                i += 4
                continue
            if text.startswith(":=", i):
                return []  # a definition, not a relation: the formula reader refuses it
            for op in _RELATIONS:
                if text.startswith(op, i):
                    cuts.append((i, op))
                    i += len(op)
                    break
            else:
                i += 1
            continue
        i += 1
    return cuts


_HEAD = re.compile(r"\s*([A-Za-z]\w*)\s*\(\s*([A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*)*)\s*\)\s*")


def _definition(text: str) -> Definition | None:
    at = _top_level_index(text, ":=")
    if at < 0:
        return None
    head = _HEAD.fullmatch(text[:at])
    body = text[at + 2 :].strip()
    if head is None or not body:
        raise StructureError("write a function definition as f(x) := formula")
    params = tuple(p.strip() for p in head.group(2).split(","))
    if len(set(params)) != len(params):
        raise StructureError("each parameter of a function may appear only once")
    return Definition(head.group(1), params, Formula(body))


def _top_level_index(text: str, needle: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        elif depth == 0 and text.startswith(needle, i):
            return i
    return -1


def _bracket_interval(text: str) -> RealSet | None:
    """``(a, b)``, ``[a, b)``, ``(a, b]`` (``[a, b]`` stays a list until compared)."""
    if len(text) < 2 or text[0] not in "([" or text[-1] not in ")]":
        return None
    if text[0] == "[" and text[-1] == "]" or not _wrapped(text, text[0], text[-1]):
        return None
    ends = _split_commas(text[1:-1].strip()) if text[1:-1].strip() else []
    if len(ends) != 2:
        return None
    op = ("o" if text[0] == "(" else "c") + ("o" if text[-1] == ")" else "c")
    return RealSet(op, tuple(Formula(e.strip()) for e in ends))


def _membership(text: str, counter: list[int]) -> Shape | None:
    """``x ∈ S``: the condition that x lies in the set or interval S (``x ∈ (0, 1)`` is
    ``0 < x and x < 1``, ``x ∈ {2, -2}`` is ``x = 2 or x = -2``)."""
    pieces = _split_char(text, "∈", "membership")
    if len(pieces) == 1:
        return None
    if len(pieces) > 2 or not pieces[0].strip() or not pieces[1].strip():
        raise StructureError("`∈` needs a name on its left and one set on its right")
    return _condition_of(Formula(pieces[0].strip()), _read(pieces[1].strip(), counter))


def _condition_of(x: Formula, found: Shape) -> Shape:
    if isinstance(found, RealSet) and found.op in ("union", "intersection"):
        op = "or" if found.op == "union" else "and"
        return Logic(op, tuple(_condition_of(x, part) for part in found.parts))
    if isinstance(found, RealSet):  # an interval: an infinite end holds for every x
        low, high = found.parts
        return Logic("and", (_bound(found.op[0], low, x), _bound(found.op[1], x, high)))
    if isinstance(found, Collection) and found.kind == "list" and len(found.items) == 2:
        low, high = found.items  # [a, b] beside a set: the closed interval
        return Logic("and", (_bound("c", low, x), _bound("c", x, high)))
    if isinstance(found, Collection) and found.kind == "set":
        # an ``or`` even of one equation: a lone equation counts as plain, and a plain
        # answer is read again from its text, where ``∈`` means nothing
        equations = tuple(_bound("=", x, item) for item in found.items)
        return Logic("or", equations) if equations else Truth(False)
    raise StructureError("`∈` needs a set or an interval on its right, such as (0, 1) or {2, -2}")


def _bound(end: str, lhs: Shape, rhs: Shape) -> Comparison:
    """``lhs < rhs`` at an open end (``o``), ``<=`` at a closed one (``c``), ``=`` for
    ``=``; both sides numbers or names."""
    if not (isinstance(lhs, Formula) and isinstance(rhs, Formula)):
        raise StructureError("`∈` takes sets and intervals of numbers")
    return Comparison({"o": "<", "c": "<="}.get(end, end), lhs, rhs)


def _set_operation(text: str, counter: list[int]) -> RealSet | None:
    """``A ∪ B``, ``A U B``, ``A union B``, ``A ∩ B``, ``A intersect B`` when every operand
    is a set or an interval (elsewhere ``union`` may be a name)."""
    infix = _INFIX_INTERSECTION.sub("∩", _INFIX_UNION.sub("U", text))
    if infix != text:
        try:
            found = _set_operation_of(infix, counter)
        except StructureError:
            found = None
        if found is not None:
            return found
    return _set_operation_of(text, counter)


def _set_operation_of(text: str, counter: list[int]) -> RealSet | None:
    for op, symbol in (("union", "∪"), ("intersection", "∩")):
        pieces = _split_char(text.replace("∪", "U") if op == "union" else text, symbol, op)
        if len(pieces) < 2:
            continue
        if any(not p.strip() for p in pieces):
            raise StructureError(f"`{symbol}` needs a set on each side")
        parts = tuple(_read(p.strip(), counter) for p in pieces)
        if all(_set_like(p) for p in parts):
            return RealSet(op, parts)
    return None


def _split_char(text: str, symbol: str, op: str) -> list[str]:
    if op == "union":
        return _split_words(text, ("U",))[0]
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        elif ch == symbol and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _set_like(node: Shape) -> bool:
    """A set, an interval, or ``[a, b]`` (a closed interval beside other sets)."""
    if isinstance(node, RealSet):
        return True
    if isinstance(node, Collection):
        return node.kind == "set" or (node.kind == "list" and len(node.items) == 2)
    return False


def _real_set(text: str, counter: list[int]) -> RealSet | None:
    match = _SET_CALL.match(text)
    if not match or not _wrapped(text[match.end() - 1 :], "(", ")"):
        return None
    name = match.group(1)
    if name not in _INTERVALS and name not in _SET_OPERATIONS:
        return None
    inner = text[match.end() : -1].strip()
    args = _split_commas(inner) if inner else []
    if name in _INTERVALS:
        if len(args) != 2:
            raise StructureError(f"an interval {name}(a, b) needs two ends")
        return RealSet(name, tuple(Formula(a.strip()) for a in args))
    return RealSet(_SET_OPERATIONS[name], tuple(_read(a.strip(), counter) for a in args))


def _matrix_rows(text: str) -> list[list[str]] | None:
    match = re.match(r"matrix\s*\(", text)
    if not match or not _wrapped(text[match.end() - 1 :], "(", ")"):
        return None
    args = _split_commas(text[match.end() : -1].strip())
    rows = []
    for arg in args:
        arg = arg.strip()
        if not _wrapped(arg, "[", "]"):
            raise StructureError("write a matrix as matrix([a, b], [c, d])")
        inner = arg[1:-1].strip()
        rows.append(_split_commas(inner) if inner else [])
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        raise StructureError("every row of a matrix needs the same number of entries")
    return rows


def _wrapped(text: str, opener: str, closer: str) -> bool:
    """Whether the first character's bracket closes exactly at the end."""
    if len(text) < 2 or text[0] != opener or text[-1] != closer:
        return False
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return True


def list_items(text: str) -> list[str] | None:
    """The texts of the items of a bracketed list (``[x^2 = 4, x = 2 or x = -2]``), None
    when ``text`` is not one list."""
    text = text.strip()
    if not _wrapped(text, "[", "]"):
        return None
    inner = text[1:-1].strip()
    try:
        return [item.strip() for item in _split_commas(inner)] if inner else []
    except StructureError:
        return None


def _split_commas(text: str) -> list[str]:
    """At the commas outside brackets and quotes (``"roots, both signs"`` is one item)."""
    parts, depth, start, quoted = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    if any(not p.strip() for p in parts):
        raise StructureError("an empty entry between commas")
    return parts


def _split_words(text: str, words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split at top-level occurrences of the connective ``words``."""
    pieces, found, depth, start = [], [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        elif depth == 0 and (match := _WORD.match(text, i)):  # not at α: no ASCII word
            word = match.group()
            if word in words and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "%")):
                pieces.append(text[start:i])
                found.append(word)
                start = match.end()
            i = match.end()
            continue
        i += 1
    pieces.append(text[start:])
    return pieces, found


def _closes(opener: str, closer: str) -> bool:
    return _OPENERS[opener] == closer or (opener in "([" and closer in ")]")


def balanced(text: str) -> bool:
    """Whether every bracket of ``text`` is closed, in order (``E[θ]``, not ``1)*(2``)."""
    try:
        _check_balanced(text)
    except StructureError:
        return False
    return True


def _check_balanced(text: str) -> None:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            stack.append((ch, i))
            if len(stack) > MAX_DEPTH:
                raise StructureError(f"brackets nested more than {MAX_DEPTH} deep")
        elif ch in _CLOSERS:
            # ( and [ may close each other: half-open intervals such as [0, 1)
            if not stack or not _closes(stack[-1][0], ch):
                raise StructureError(f"unbalanced `{ch}` at column {i + 1}")
            stack.pop()
    if stack:
        raise StructureError(f"unclosed `{stack[-1][0]}` at column {stack[-1][1] + 1}")


def uses_connectives(text: str) -> bool:
    """Cheap test: could ``text`` be more than a formula or an equation?"""
    if any(ch in text for ch in "{[<>#≤≥≠∪∩±,:∅Ø⦰∈") or "!=" in text or "+/-" in text:
        return True
    words = set(_WORD.findall(text))
    calls = {m.group(1) for m in _SET_CALL.finditer(text)}
    if calls & {*_INTERVALS, *_SET_OPERATIONS}:
        return True
    return bool(words & (_CONNECTIVES | set(_TRUTH) | set(_SET_OPERATIONS) | {"matrix"}))
