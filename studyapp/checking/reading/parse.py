"""Read a learner's typed answer into sympy, safely, and say how it was read.

Nothing here calls eval, exec, sympify or parse_expr: the text is tokenised
(:mod:`tokenize`), parsed by our own grammar (:mod:`syntax`) over an allow-listed function
table (:mod:`functions`), and only then turned into sympy (:mod:`build`) under size
guards. The naming policy (declared names, Euler's ``e``, splitting ``ab`` into a·b) is
described in :mod:`names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import sympy

from studyapp.checking.reading.build import Builder
from studyapp.checking.reading.functions import BINDERS
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.plain import is_latex, latex_to_plain
from studyapp.checking.reading.names import NameTable
from studyapp.checking.reading.preview import render
from studyapp.checking.reading.syntax import Parser
from studyapp.checking.reading.tokenize import Token, tokenize
from studyapp.checking.reading.tree import Call, Node, Unary

__all__ = ["InvalidAnswer", "ParsedAnswer", "parse_answer", "syntax_tree"]

MAX_FUNCTION_NESTING = 8
_X_NAME = re.compile(r"x_?[0-9]*")


class FunctionLike(Protocol):
    """``fun: m(u) = tanh(u) + u**2/3`` (the content model's FunctionDef fits)."""

    name: str
    params: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class ParsedAnswer:
    kind: str  # "expression" | "equation" | "relation"
    expr: sympy.Expr | None  # set when kind == "expression"
    equation: sympy.Eq | None  # set when kind == "equation"
    interpreted: str  # one line of unicode: how the input was read, e.g. "(1/2)·log((1 − e)/e)"
    notes: tuple[str, ...]  # readings worth confirming: "read `2x` as 2·x"
    text: str  # what was typed
    names: frozenset[str]  # the variable names the answer uses
    relation: sympy.core.relational.Relational | None = None  # kind == "relation" (<, ≤, ...)

    @property
    def value(self) -> sympy.Basic:
        """The expression, equation or relation, whichever was typed."""
        for value in (self.expr, self.equation, self.relation):
            if value is not None:
                return value
        raise AssertionError("a ParsedAnswer always holds a value")

    def pretty(self) -> str:
        """A multi-line sympy rendering of the value (for showing a canonical answer)."""
        return sympy.pretty(self.value, use_unicode=True)


def parse_answer(
    text: str,
    names: Iterable[str] = (),
    functions: Mapping[str, FunctionLike] | Iterable[FunctionLike] = {},
    *,
    symbols: Mapping[str, sympy.Symbol] | None = None,
    allow_relations: bool = False,
    strict: bool = False,
) -> ParsedAnswer:
    """Parse ``text`` with ``names`` as the declared variables.

    ``symbols`` overrides what a declared name stands for: a symbol with assumptions
    (positive=True), or any sympy expression; its keys count as declared. With no declared
    names at all, any identifier is a free real symbol unless ``strict`` (a learner's
    answer to an exercise: an unknown name is then a mistake to point out). Raises
    InvalidAnswer (with a column where one helps) for unreadable or hostile input.
    LaTeX (``\\frac{1}{2}\\ln x``, ``$…$``) is recognised and read as its plain spelling.
    """
    if isinstance(text, str) and is_latex(text):
        plain = latex_to_plain(text)
        try:
            parsed = _parse(plain.text, names, functions, symbols, allow_relations, 0, strict)
        except InvalidAnswer as error:
            raise plain.located(error) from error
        notes = (f"read the LaTeX as `{plain.text.strip()}`", *parsed.notes)
        return replace(parsed, text=text, notes=notes)
    return _parse(text, names, functions, symbols, allow_relations, depth=0, strict=strict)


def _parse(
    text: str,
    names: Iterable[str],
    functions: Mapping[str, FunctionLike] | Iterable[FunctionLike],
    symbols: Mapping[str, sympy.Symbol] | None,
    allow_relations: bool,
    depth: int,
    strict: bool = False,
) -> ParsedAnswer:
    if not isinstance(text, str):
        raise InvalidAnswer("the answer must be text")
    overrides = dict(symbols or {})
    declared = frozenset(names) | frozenset(overrides)
    function_defs = _function_table(functions)
    parser, table = _parser(text, declared, function_defs, strict)
    tree = parser.parse(allow_relations)
    _refuse_a_bare_derivative(tree)

    used: dict[str, sympy.Symbol] = {}

    def symbol(name: str) -> sympy.Symbol:
        if name not in used:
            if name in overrides:
                used[name] = overrides[name]
            elif name in table.bound:
                used[name] = sympy.Symbol(name, integer=True)
            else:
                used[name] = sympy.Symbol(name, real=True)
        return used[name]

    user = {
        name: _user_function(definition, function_defs, depth)
        for name, definition in function_defs.items()
    }
    try:
        value = Builder(symbol, user).build(tree)
    except InvalidAnswer:
        raise
    except Exception as error:
        # sympy raises many types on odd input (Max(x, %i): ValueError "not comparable");
        # whatever it is, the learner gets a message, never a crash
        raise InvalidAnswer(f"this cannot be worked with: {_first_line(error)}") from error
    kind = "expression"
    if isinstance(value, sympy.Eq):
        kind = "equation"
    elif isinstance(value, sympy.core.relational.Relational):
        kind = "relation"
    return ParsedAnswer(
        kind=kind,
        expr=value if kind == "expression" else None,
        equation=value if kind == "equation" else None,
        relation=value if kind == "relation" else None,
        interpreted=render(tree),
        notes=tuple(parser.notes),
        text=text,
        names=frozenset(used) - table.bound,
    )


def _refuse_a_bare_derivative(tree: Node) -> None:
    """``σ'(z)`` alone names a derivative without giving it: as the answer to "what is
    σ'(z)?" it is the question again. Inside a formula (``σ(x) + x·σ'(x)``) it is fine."""
    inner = tree.operand if isinstance(tree, Unary) else tree
    if isinstance(inner, Call) and inner.meaning.name.endswith("'"):
        shown = render(inner)
        raise InvalidAnswer(f"{shown} only names the derivative: write it out in full")


def syntax_tree(text: str) -> Node:
    """The formula ``text`` as written, before anything is worked out (the tree the
    answer tests on an answer's form compare); its names are free. Raises InvalidAnswer."""
    if is_latex(text):
        text = latex_to_plain(text).text
    parser, _ = _parser(text, frozenset(), {}, strict=False)
    return parser.parse(False)


def _parser(
    text: str, declared: frozenset[str], functions: dict[str, FunctionLike], strict: bool
) -> tuple[Parser, NameTable]:
    tokens = tokenize(
        text,
        scientific_e="e" not in declared,
        scientific_E="E" not in declared,
        # 1.5x10^-3 is a product; 2x1 is 2·x1 when x1 (or x or x_1) is a variable
        times_x=not any(_X_NAME.fullmatch(name) for name in declared),
    )
    table = NameTable(declared, functions, strict)
    table.bound.update(_bound_indices(tokens) - declared)
    return Parser(text, tokens, table), table


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__


def _function_table(
    functions: Mapping[str, FunctionLike] | Iterable[FunctionLike],
) -> dict[str, FunctionLike]:
    if isinstance(functions, Mapping):
        return dict(functions)
    return {f.name: f for f in functions}


def _user_function(definition: FunctionLike, table: dict[str, FunctionLike], depth: int):
    """A builder for ``name(args)``: the body, parsed once, with the arguments substituted."""
    cache: list[tuple[sympy.Expr, tuple[sympy.Symbol, ...]]] = []

    def call(args: tuple[sympy.Expr, ...]) -> sympy.Expr:
        if len(args) != len(definition.params):
            raise InvalidAnswer(
                f"`{definition.name}` takes {len(definition.params)} argument(s), got {len(args)}"
            )
        if not cache:
            if depth >= MAX_FUNCTION_NESTING:
                raise InvalidAnswer(f"the definition of `{definition.name}` refers to itself")
            others = {k: v for k, v in table.items() if k != definition.name}
            body = _parse(definition.body, definition.params, others, None, False, depth + 1)
            params = tuple(sympy.Symbol(p, real=True) for p in definition.params)
            cache.append((body.value, params))
        body_value, params = cache[0]
        return body_value.xreplace(dict(zip(params, args)))

    return call


def _bound_indices(tokens: list[Token]) -> set[str]:
    """Index names of sums and products: ``Sum(f, (i, a, b))`` or ``sum(f, i, a, b)``.

    They need no declaration; any name right after a top-level comma of a binder call
    (alone, or opening a limits tuple) counts.
    """
    bound: set[str] = set()
    for start, token in enumerate(tokens):
        if token.kind != "name" or token.value not in BINDERS or tokens[start + 1].value != "(":
            continue
        depth = 0
        for at in range(start + 1, len(tokens) - 2):
            value = tokens[at].value
            depth += value in ("(", "[") and tokens[at].kind == "op"
            depth -= value in (")", "]") and tokens[at].kind == "op"
            if depth == 0:
                break
            if depth == 1 and value == "," and tokens[at].kind == "op":
                following = tokens[at + 1]
                if following.kind == "name" and tokens[at + 2].value == ",":
                    bound.add(following.value)
                elif following.value == "(" and tokens[at + 2].kind == "name":
                    bound.add(tokens[at + 2].value)
    return bound
