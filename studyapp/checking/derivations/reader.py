"""Read derivation lines with the safe answer parser, keeping definitions as they appear.

Each side of a line goes through :func:`parse_answer` with the declared variables'
symbols; a name defined by an earlier line (``L = ...``) is handed to the parser as its
defining expression, so ``diff(L, a)`` differentiates the definition and a later
``L = ...`` restates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sympy as sp

from studyapp.checking.derivations.lines import (
    Line,
    LineShape,
    continues_chain,
    formula_part,
    split_line,
)
from studyapp.checking.derivations.structured import formula_texts, proposition, structured_node
from studyapp.checking.reading import (
    BINDERS,
    CONSTANTS,
    FUNCTIONS,
    FunctionLike,
    InvalidAnswer,
    Logic,
    Shape,
    parse_answer,
)
from studyapp.checking.reading.latex import as_plain

RESERVED = frozenset(FUNCTIONS) | frozenset(BINDERS) | frozenset(CONSTANTS)


class LineReader:
    """Parses lines in order; ``symbols`` are the declared variables' sympy symbols."""

    def __init__(
        self, symbols: Mapping[str, sp.Symbol], functions: Iterable[FunctionLike] = ()
    ) -> None:
        self.symbols = dict(symbols)
        self.functions = tuple(functions)
        self.definitions: dict[str, sp.Expr] = {}

    def read(self, text: str) -> Line:
        """The parsed line; raises InvalidAnswer with a message for the learner."""
        text = formula_part(as_plain(text))  # LaTeX is read as its plain spelling
        node = structured_node(text)
        if node is not None:
            read = lambda part: self._expression(part)[0]
            statement = proposition(node, read)
            swapped = _and_or_swapped(node)
            return Line(
                text, sp.S.Zero, proposition=statement, interpreted=str(statement),
                and_or_swapped=proposition(swapped, read) if swapped is not None else None,
            )
        try:
            shape = split_line(text)
        except ValueError as exc:
            raise InvalidAnswer(str(exc)) from exc
        name = shape.defined_name
        if name is not None and name not in self.symbols and name not in self.definitions:
            if name in RESERVED:
                raise InvalidAnswer(f"`{name}` is a built-in name and cannot be defined")
            value, shown = self._expression(shape.rhs_text)
            if name in {s.name for s in value.free_symbols}:
                raise InvalidAnswer(f"the definition of `{name}` refers to itself")
            self.definitions[name] = value
            return Line(text, value, None, defines=name, interpreted=f"{name} = {shown}")
        lhs, shown = self._expression(shape.lhs_text)
        rhs = None
        if shape.rhs_text is not None:
            rhs, shown_rhs = self._expression(shape.rhs_text)
            shown = f"{shown} = {shown_rhs}"
        restates = name if name in self.definitions else None
        return Line(
            text, lhs, rhs, restates=restates, diff_var=shape.diff_var, interpreted=shown,
            continues=rhs is None and continues_chain(text),
        )

    def _expression(self, text: str) -> tuple[sp.Expr, str]:
        names = list(self.symbols) + list(self.definitions)
        parsed = parse_answer(
            text, names, self.functions, symbols={**self.symbols, **self.definitions}
        )
        if parsed.expr is None:
            raise InvalidAnswer("each side of a line must be an expression")
        return _closed_forms(parsed.expr), parsed.interpreted


def _and_or_swapped(node: Shape) -> Shape | None:
    """The line with every ``and`` read as ``or`` and the other way round (None: it has
    neither), to recognise a learner who confused the two."""
    if not isinstance(node, Logic):
        return None
    parts = tuple(_and_or_swapped(part) or part for part in node.parts)
    swaps = {"and": "or", "or": "and"}
    return Logic(swaps.get(node.op, node.op), parts)


def _closed_forms(expr: sp.Expr) -> sp.Expr:
    """Sums of a polynomial up to a variable (``sum(k^2, k, 1, n)``) in closed form, so
    lines compare at random points where n need not be a whole number. Other sums stay:
    a geometric sum's closed form is a slow, case-split expression."""

    def simple(node: sp.Basic) -> bool:
        if not isinstance(node, (sp.Sum, sp.Product)) or len(node.limits) != 1:
            return False
        index = node.limits[0][0]
        if not node.free_symbols or index not in node.function.free_symbols:
            return bool(node.free_symbols)  # a constant term: n*c or c**n
        return isinstance(node, sp.Sum) and node.function.is_polynomial(index)

    def closed(node: sp.Expr) -> sp.Expr:
        done = node.doit()
        return node if done.has(sp.Sum, sp.Product) else done

    return expr.replace(simple, closed)


def names_used(lines: Sequence[str], functions: Iterable[FunctionLike] = ()) -> set[str]:
    """Variable names in lines typed without declarations (definitions excluded).

    ``NAME = expression`` defines NAME only when the expression has variables of its own
    and every later line uses NAME as a defined quantity (``diff(NAME, a)``, or
    ``NAME = …`` restating it). Otherwise it is an equation in NAME, as in STACK's
    reasoning by equivalence: ``x = 1`` solves for x, ``a = b`` then ``a^2 = b^2`` squares.
    """
    functions = tuple(functions)
    shapes: list[tuple[LineShape | None, set[str], set[str]]] = []  # shape, lhs names, rhs names
    for text in lines:
        text = formula_part(text)
        try:
            node = structured_node(text)
            shape = split_line(text) if node is None else None
        except (ValueError, InvalidAnswer):
            continue
        if node is not None:
            shapes.append((None, _names_in(formula_texts(node), functions), set()))
            continue
        rhs = _names_in([shape.rhs_text], functions) if shape.rhs_text is not None else set()
        shapes.append((shape, _names_in([shape.lhs_text], functions), rhs))
    found: set[str] = set()
    defined: set[str] = set()
    for index, (shape, lhs, rhs) in enumerate(shapes):
        name = shape.defined_name if shape is not None else None
        if (
            name is not None
            and name not in found | defined
            and rhs
            and name not in rhs
            and _only_as_defined(name, shapes[index + 1 :])
        ):
            defined.add(name)
            found |= rhs
            continue
        found |= lhs | rhs
    return found - defined


def _only_as_defined(name: str, later: Sequence[tuple[LineShape | None, set[str], set[str]]]) -> bool:
    """Is ``name`` used in the later lines only as a defined quantity?"""
    for shape, lhs, rhs in later:
        if name in rhs:
            return False
        if name in lhs and not (shape is not None and (
            shape.defined_name == name or (shape.diff_var is not None and shape.diff_target == name)
        )):
            return False
    return True


def _names_in(texts: Iterable[str], functions: tuple[FunctionLike, ...]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        try:
            found |= parse_answer(text, (), functions).names
        except InvalidAnswer:
            continue
    return found
