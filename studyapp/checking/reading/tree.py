"""The syntax tree the parser builds: plain data, no sympy, each node with its source span."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.checking.reading.names import Meaning


@dataclass(frozen=True)
class Node:
    start: int
    end: int


@dataclass(frozen=True)
class Num(Node):
    text: str  # "2", "0.5", "1e-3", "1/2" (a vulgar fraction)
    glyph: str = ""


@dataclass(frozen=True)
class Name(Node):
    meaning: Meaning
    glyph: str = ""


@dataclass(frozen=True)
class Call(Node):
    meaning: Meaning
    args: tuple[Node, ...]
    glyph: str = ""


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Power(Node):
    base: Node
    exponent: Node


@dataclass(frozen=True)
class Link:
    """One step of a chain: ``- b`` in a sum, ``/ c`` or an implicit ``· d`` in a product."""

    op: str  # "+" | "-" in a sum, "*" | "/" in a product
    operand: Node
    implicit: bool = False


@dataclass(frozen=True)
class Chain(Node):
    """``a + b - c`` or ``a*b/c d``: one precedence level, left to right, kept flat.

    Flat rather than nested so that a long input builds in one sympy call and never
    recurses once per operator.
    """

    kind: str  # "sum" | "product"
    first: Node
    links: tuple[Link, ...]

    def extended(self, link: Link) -> Chain:
        return Chain(self.start, link.operand.end, self.kind, self.first, (*self.links, link))


def product(first: Node, *factors: Node) -> Chain:
    """Factors written side by side (``2x``, ``ab`` split into a·b)."""
    links = tuple(Link("*", f, implicit=True) for f in factors)
    return Chain(first.start, (factors[-1] if factors else first).end, "product", first, links)


@dataclass(frozen=True)
class Abs(Node):
    operand: Node


@dataclass(frozen=True)
class Factorial(Node):
    operand: Node


@dataclass(frozen=True)
class Group(Node):
    """Parenthesised items: one item is plain grouping, several form a tuple or a list."""

    items: tuple[Node, ...]
    bracket: str


@dataclass(frozen=True)
class Relation(Node):
    op: str
    left: Node
    right: Node
