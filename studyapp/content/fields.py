"""Parsers for the small field syntaxes inside blocks (var, fun, alt, wrong, vary, ...).

Each returns the model object or raises ``FieldError`` with a message an author can act on.
Author text is only split and pattern-matched here; expressions stay text for the checker.
"""

from __future__ import annotations

import ast
import re

from studyapp.content.model import (
    Alternative,
    FunctionDef,
    SourceRef,
    Step,
    Tolerance,
    Variable,
    Variation,
    WrongAnswer,
)

NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_VAR_RE = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s+(?P<kind>real|integer)"
    r"(?:\s*(?P<lo_b>[(\[])\s*(?P<lo>[^,]+?)\s*,\s*(?P<hi>[^)\]]+?)\s*(?P<hi_b>[)\]]))?"
    r"(?:\s+sample\s*\[\s*(?P<s_lo>[^,]+?)\s*,\s*(?P<s_hi>[^\]]+?)\s*\])?\s*$"
)
_FUN_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*\((?P<params>[^)]*)\)\s*=\s*(?P<body>.+)$")
_ASSIGN_RE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.+)$")
_VARY_RE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*"
    r"(?P<dist>uniform|randint|choice|rows)\s*\((?P<args>.*)\)\s*$",
    re.DOTALL,  # a table may continue over several lines
)
_STEP_RE = re.compile(
    r"^(?P<rel>given|equal|diff\s+\w+|solve\s+\w+|subs\s+[\d,\s]+(?:\s+into\s+\d+)?|limit\s+\w+\s+\S+)\s*:\s*(?P<rest>.+)$"
)
RELATIONS_HELP = "given, equal, diff X, solve X, subs I,J, subs I into K, limit X POINT"


class FieldError(ValueError):
    """A field's value does not follow its syntax."""


def parse_variable(text: str) -> Variable:
    match = _VAR_RE.match(text.strip())
    if match is None:
        raise FieldError(
            f"cannot read variable `{text}`: write `NAME real|integer (LOW, HIGH) [sample [A, B]]`, "
            "e.g. `e real (0, 1/2)`"
        )
    sample = (match["s_lo"], match["s_hi"]) if match["s_lo"] else None
    if match["lo_b"] is None:
        return Variable(name=match["name"], kind=match["kind"], sample=sample)
    return Variable(
        name=match["name"],
        kind=match["kind"],
        low=match["lo"],
        high=match["hi"],
        low_open=match["lo_b"] == "(",
        high_open=match["hi_b"] == ")",
        sample=sample,
    )


def parse_function(text: str) -> FunctionDef:
    match = _FUN_RE.match(text.strip())
    if match is None:
        raise FieldError(f"cannot read function `{text}`: write `f(u) = expression`")
    params = tuple(p.strip() for p in match["params"].split(",") if p.strip())
    bad = [p for p in params if not NAME_RE.fullmatch(p)]
    if bad or not params:
        raise FieldError(f"function `{match['name']}` needs parameter names, got `{match['params']}`")
    return FunctionDef(name=match["name"], params=params, body=match["body"].strip())


def parse_alternative(text: str) -> Alternative:
    text = text.strip()
    if text.endswith("[numeric]"):
        return Alternative(text[: -len("[numeric]")].strip(), numeric_only=True)
    return Alternative(text)


def parse_wrong(text: str) -> WrongAnswer:
    expression, sep, message = text.partition(" | ")
    if not sep or not expression.strip() or not message.strip():
        raise FieldError(f"a wrong answer needs `expression | misconception`, got `{text}`")
    return WrongAnswer(expression.strip(), message.strip())


def parse_assignment(text: str, what: str) -> tuple[str, str]:
    match = _ASSIGN_RE.match(text.strip())
    if match is None:
        raise FieldError(f"cannot read {what} `{text}`: write `name = value`")
    return match["name"], match["value"].strip()


def parse_given(text: str) -> tuple[str, str]:
    name, value = parse_assignment(text, "given")
    try:
        ast.literal_eval(value)  # literals only: numbers, lists, tuples
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise FieldError(f"given `{name}` must be a number, list or tuple literal, got `{value}`")
    return name, value


def parse_variation(text: str) -> Variation:
    match = _VARY_RE.match(text.strip())
    if match is None:
        raise FieldError(
            f"cannot read `vary: {text}`: write `name = uniform(a, b)`, `randint(a, b)`, "
            "`choice([...])` or `name1, name2 = rows((v1, v2), ...)`"
        )
    try:
        args = ast.literal_eval(f"({match['args']},)")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise FieldError(f"the arguments of `{match['dist']}` must be literals, got `{match['args']}`")
    dist = match["dist"]
    columns = tuple(name.strip() for name in match["name"].split(","))
    if dist == "rows":
        return _table(columns, args)
    if len(columns) > 1:
        raise FieldError(f"`{dist}` draws one value; draw `{match['name']}` together with `rows(...)`")
    if dist in ("uniform", "randint"):
        if len(args) != 2 or not all(isinstance(a, int | float) for a in args) or args[0] > args[1]:
            raise FieldError(f"`{dist}` needs two numbers low <= high, got `{match['args']}`")
        if dist == "randint" and not all(isinstance(a, int) for a in args):
            raise FieldError(f"`randint` needs two integers, got `{match['args']}`")
    elif len(args) != 1 or not isinstance(args[0], list | tuple) or not args[0]:
        raise FieldError(f"`choice` needs one non-empty list, got `{match['args']}`")
    else:
        args = tuple(args[0])
    return Variation(match["name"], dist, tuple(args))


def _table(columns: tuple[str, ...], rows: tuple) -> Variation:
    """``vary: model, d = rows(("LLaMA-7B", 4096), ("LLaMA-13B", 5120))``: one row drawn whole."""
    names = ", ".join(columns)
    if not rows or any(not isinstance(row, list | tuple) or len(row) != len(columns) for row in rows):
        raise FieldError(f"`rows` needs one or more rows of {len(columns)} values ({names})")
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        if not (all(isinstance(c, str) for c in cells) or all(isinstance(c, int | float) for c in cells)):
            raise FieldError(f"column `{column}` of `rows` mixes text and numbers")
    numbers = [tuple(c for c in row if not isinstance(c, str)) for row in rows]
    if not numbers[0] or len(set(numbers)) != len(numbers):
        raise FieldError(f"the rows of `{names}` must differ in their numbers (only numbers are stored)")
    return Variation(names, "rows", tuple(tuple(row) for row in rows), columns)


def parse_tolerance(text: str) -> Tolerance:
    parts = text.split()
    mode, raw = ("rel", parts[0]) if len(parts) == 1 else (parts[0].lower(), parts[-1])
    if len(parts) > 2 or mode not in ("rel", "abs", "sigfig"):
        raise FieldError(f"tolerance must be `NUMBER`, `rel NUMBER`, `abs NUMBER` or `sigfig N`, got `{text}`")
    try:
        value = float(raw)
    except ValueError:
        raise FieldError(f"tolerance `{text}` is not a number")
    if value < 0 or (mode == "sigfig" and (value < 1 or value != int(value))):
        raise FieldError(f"tolerance `{text}` is out of range")
    return Tolerance(mode, value)


def parse_step(text: str, source: SourceRef) -> Step:
    match = _STEP_RE.match(text.strip())
    if match is None:
        raise FieldError(f"a step is `RELATION: CONTENT | justification` with RELATION one of {RELATIONS_HELP}; got `{text}`")
    content, _, justification = match["rest"].partition(" | ")
    if not content.strip():
        raise FieldError("a step needs content after its relation")
    relation = " ".join(match["rel"].split())
    return Step(relation, content.strip(), justification.strip(), source)
