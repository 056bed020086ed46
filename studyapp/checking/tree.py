"""The syntax tree the parser builds: plain data, no sympy, each node with its source span."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.checking.names import Meaning


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
class Binary(Node):
    op: str  # "+" "-" "*" "/" "^"
    left: Node
    right: Node
    implicit: bool = False


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
