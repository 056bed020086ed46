"""A recursive-descent parser from tokens to a small syntax tree (no sympy, no eval).

Grammar, loosest first::

    answer   := sum [REL sum]                 one top-level relation at most
    sum      := term (("+" | "-") term)*
    term     := unary (("*" | "/" | <juxtaposition>) unary)*
    unary    := ("-" | "+") unary | power
    power    := postfix ["^" unary]           right-associative, so 2^-x and x^y^z work
    postfix  := atom (SUPERSCRIPT | "!")*
    atom     := NUMBER | NAME | call | "(" sum ")" | "[" sum "]" | "{" sum "}" | "|" sum "|"
              | ROOT atom

Juxtaposition (``2x``, ``2(x+1)``, ``(a+b)(a-b)``, ``x y``) binds like ``*``, as in STACK,
WeBWorK and sympy's implicit multiplication, so ``1/2x`` is (1/2)·x; such readings are
reported back as notes. Two numbers side by side (``2 3``) are rejected. A function may
take its argument without parentheses (``sin 2x``, ``ln x``) and carry a power
(``sin^2(x)``, ``sin²x``); ``sin^-1``/``tanh⁻¹`` name the inverse function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import NoReturn

from studyapp.checking.reading.calls import NameParsing
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.names import Meaning, NameTable
from studyapp.checking.reading.preview import render
from studyapp.checking.reading.tokenize import VULGAR_FRACTIONS, Token
from studyapp.checking.reading.tree import (
    Abs,
    Call,
    Chain,
    Factorial,
    Group,
    Link,
    Name,
    Node,
    Num,
    Power,
    Relation,
    Unary,
    product,
)

MAX_DEPTH = 60
RELATIONS = ("=", "<", ">", "<=", ">=", "!=")
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS_SIGNS = "0123456789+-"
CLOSERS = {"(": ")", "[": "]", "{": "}"}  # braces group like parentheses: e^{-x}


def on_last_factor(node: Node, apply: Callable[[Node], Node]) -> Node:
    """Apply a power or ``!`` to ``node``, or only to the last factor of a split name.

    An atom is a product chain only when a run of letters was split (``nm`` → n·m) or
    a prefix was split off a call (``xsin(x)``); ``nm^2`` then means n·m².
    """
    if isinstance(node, Chain) and node.kind == "product":
        last = node.links[-1]
        changed = Link(last.op, apply(last.operand), last.implicit)
        return Chain(
            node.start, changed.operand.end, node.kind, node.first, (*node.links[:-1], changed)
        )
    return apply(node)


def _unit_power(node: Node) -> bool:
    """A power ``^1`` or ``^-1`` typed without parentheses (``n^1/2`` was meant as a root)."""
    if not isinstance(node, Power):
        return False
    exponent = node.exponent
    if isinstance(exponent, Unary):
        exponent = exponent.operand
    return isinstance(exponent, Num) and exponent.text == "1" and not exponent.glyph


def raised(base: Node, exponent: Node, end: int) -> Power:
    return Power(base.start, end, base, exponent)


def factorial_of(operand: Node, end: int) -> Factorial:
    return Factorial(operand.start, end, operand)


@dataclass
class Parser(NameParsing):
    text: str
    tokens: list[Token]
    names: NameTable
    notes: list[str] = field(default_factory=list)
    at: int = 0
    depth: int = 0
    abs_depth: int = 0

    # -- token helpers -------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.at]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.at + offset, len(self.tokens) - 1)]

    def is_op(self, *values: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in values

    def advance(self) -> Token:
        token = self.tok
        self.at += 1
        return token

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def source(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def describe(self, token: Token) -> str:
        return (
            "the end of the answer"
            if token.kind == "end"
            else f"`{self.text[token.start : token.end]}`"
        )

    # -- grammar -------------------------------------------------------------------------

    def parse(self, allow_relations: bool) -> Node:
        if self.tok.kind == "end":
            raise InvalidAnswer("empty answer")
        if self.is_op("=") and self.peek().kind != "end":
            self.advance()  # "= σ(x)(1 − σ(x))": the result of a computation, as on paper
            self.note("ignored the `=` before the answer")
        left = self.parse_sum()
        if self.is_op(*RELATIONS):
            op_token = self.advance()
            if op_token.value != "=" and not allow_relations:
                raise InvalidAnswer(
                    f"`{op_token.value}` is not allowed here: type an expression or an equation",
                    op_token.column,
                )
            self.expect_operand(op_token)
            right = self.parse_sum()
            if self.is_op(*RELATIONS):
                raise InvalidAnswer(
                    f"only one `{op_token.value}` is allowed (at column {self.tok.column})",
                    self.tok.column,
                )
            left = Relation(left.start, right.end, op_token.value, left, right)
        self.expect_end()
        return left

    def expect_end(self) -> None:
        token = self.tok
        if token.kind == "end":
            return
        if token.kind == "op" and token.value in CLOSERS.values():
            raise InvalidAnswer(
                f"unbalanced parenthesis: `{token.value}` at column {token.column} has no matching opening bracket",
                token.column,
            )
        if token.kind == "op" and token.value == ",":
            self.reject_comma(token)
        if token.kind == "op" and token.value == "|":
            raise InvalidAnswer(f"unbalanced `|` at column {token.column}", token.column)
        raise InvalidAnswer(
            f"unexpected {self.describe(token)} at column {token.column}", token.column
        )

    def reject_comma(self, token: Token) -> None:
        before, after = self.tokens[self.at - 1], self.peek()
        if before.kind == "num" and after.kind == "num" and not token.spaced and not after.spaced:
            self.reject_decimal_comma(before.value, after.value, token.column)
        raise InvalidAnswer(
            f"`,` at column {token.column}: to give several answers, put them in a list "
            "[a, b] or a set {a, b}, or join equations with `or` (x = 2 or x = -2)",
            token.column,
        )

    def reject_decimal_comma(self, whole: str, fraction: str, column: int) -> NoReturn:
        typed = f"{whole},{fraction}"
        if len(fraction) == 3 and fraction.isdigit():
            advice = f"{whole}{fraction} or {whole}.{fraction}"
        else:
            advice = f"{whole}.{fraction}"
        raise InvalidAnswer(
            f"commas are not accepted in numbers: write {advice} instead of {typed}", column
        )

    def check_decimal_comma(self, items: tuple[Node, ...] | list[Node]) -> None:
        """``sqrt(0,5)`` or ``(0,5)``: two numbers joined by a bare comma mean 0.5."""
        if len(items) == 2 and all(isinstance(item, Num) for item in items):
            first, second = items
            if self.text[first.end : second.start] == ",":
                self.reject_decimal_comma(self.source(first), self.source(second), first.end + 1)

    def expect_operand(self, after: Token) -> None:
        token = self.tok
        if token.kind == "end" or (
            token.kind == "op" and token.value in (*CLOSERS.values(), ",", *RELATIONS)
        ):
            raise InvalidAnswer(
                f"`{after.value}` at column {after.column} needs something after it", after.column
            )

    def parse_sum(self) -> Node:
        first = self.parse_term()
        links: list[Link] = []
        while self.is_op("+", "-"):
            op = self.advance()
            self.expect_operand(op)
            links.append(Link(op.value, self.parse_term()))
        if not links:
            return first
        return Chain(first.start, links[-1].operand.end, "sum", first, tuple(links))

    def parse_term(self) -> Node:
        first = self.parse_unary()
        chain = Chain(first.start, first.end, "product", first, ())
        while True:
            last = chain.links[-1].operand if chain.links else chain.first
            if self.is_op("*", "/"):
                op = self.advance()
                self.expect_operand(op)
                if op.glyph == "x":
                    self.note(f"read `x` at column {op.column} as a multiplication sign ×")
                chain = chain.extended(Link(op.value, self.parse_unary()))
                if op.value == "/" and _unit_power(last):
                    self.note_power_first(last, chain.links[-1].operand)
            elif self.starts_operand():
                if isinstance(last, Num) and self.tok.kind == "num":
                    raise InvalidAnswer(
                        f"two numbers side by side at column {self.tok.column}: add an operator",
                        self.tok.column,
                    )
                chain = chain.extended(Link("*", self.parse_power(), implicit=True))
            else:
                if any(link.implicit for link in chain.links):
                    self.note(self.juxtaposition_note(chain))
                return chain if chain.links else first

    def note_power_first(self, power: Power, divisor: Node) -> None:
        """``n^1/2`` is n¹/2 = n/2, as everywhere; the learner probably meant n^(1/2)."""
        base, exponent = self.source(power.base), self.source(power.exponent)
        self.note(
            f"read `{self.text[power.start : divisor.end]}` as ({base}^{exponent})/"
            f"{self.source(divisor)}; type {base}^({exponent}/{self.source(divisor)}) "
            "for a fractional power"
        )

    def starts_operand(self) -> bool:
        token = self.tok
        if token.kind in ("num", "name", "root"):
            return True
        if token.kind == "op" and token.value in CLOSERS:
            return True
        return token.kind == "op" and token.value == "|" and self.abs_depth == 0

    def juxtaposition_note(self, chain: Chain) -> str:
        """One note per product written with juxtaposition, naming the risky readings."""
        read = f"read `{self.source(chain)}` as {render(chain)}"
        operands = [chain.first, *(link.operand for link in chain.links)]
        for index, link in enumerate(chain.links):
            if not link.implicit:
                continue
            before = chain.links[index - 1] if index else None
            if before is not None and before.op == "/":
                numerator = self.text[chain.start : operands[index - 1].end].strip()
                denominator = self.text[before.operand.start : link.operand.end]
                return (
                    f"{read}; type {numerator}/({denominator}) "
                    "if you meant the product below the fraction bar"
                )
            if isinstance(operands[index], Power) and not isinstance(
                operands[index].exponent, Group
            ):
                return f"{read}; use parentheses for a longer exponent"
        gaps = (self.text[a.end : link.operand.start] for a, link in zip(operands, chain.links))
        if any(link.implicit and gap.strip() == "" and gap for link, gap in zip(chain.links, gaps)):
            return f"{read} (a space between factors multiplies)"
        return read

    def parse_unary(self) -> Node:
        if self.is_op("-", "+"):
            op = self.advance()
            self.expect_operand(op)
            with_depth = self.enter(op)
            operand = self.parse_unary()
            self.depth = with_depth
            return operand if op.value == "+" else Unary(op.start, operand.end, "-", operand)
        return self.parse_power()

    def enter(self, token: Token) -> int:
        previous = self.depth
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InvalidAnswer(
                f"the answer is nested too deeply (at column {token.column})", token.column
            )
        return previous

    def parse_power(self) -> Node:
        base = self.parse_postfix()
        if self.is_op("^"):
            op = self.advance()
            self.expect_operand(op)
            previous = self.enter(op)
            exponent = self.parse_unary()
            self.depth = previous
            return on_last_factor(base, partial(raised, exponent=exponent, end=exponent.end))
        return base

    def parse_postfix(self) -> Node:
        node = self.parse_atom()
        while True:
            token = self.tok
            if token.kind == "sup":
                self.advance()
                exponent = self.superscript_node(token)
                node = on_last_factor(node, partial(raised, exponent=exponent, end=token.end))
            elif self.is_op("!"):
                self.advance()
                if self.is_op("!"):
                    raise InvalidAnswer("double factorial `!!` is not supported", self.tok.column)
                node = on_last_factor(node, partial(factorial_of, end=token.end))
            elif self.is_op("%"):
                node = self.percent_of(node)
            else:
                return node

    def percent_of(self, node: Node) -> Node:
        """``12.5%`` is 12.5/100; ``%`` is never the remainder of a division."""
        sign = self.advance()
        if self.is_op("%") or self.starts_operand():
            raise InvalidAnswer(
                f"`%` at column {sign.column} means per cent: write 12.5% for 0.125"
                " (the remainder of a division is not supported)",
                sign.column,
            )
        hundred = Num(sign.start, sign.end, "100")
        percent = Chain(node.start, sign.end, "product", node, (Link("/", hundred),))
        self.note(f"read `{self.source(percent)}` as {render(percent)} (per cent)")
        return percent

    def superscript_node(self, token: Token) -> Node:
        value = token.value
        digits, letter = value.lstrip("+-").rstrip(_LETTERS), value[-1:].strip(_DIGITS_SIGNS)
        factors: list[Node] = [Num(token.start, token.end, digits)] if digits else []
        if letter:  # e⁻ˣ, 2ⁿ, e⁻²ˣ
            meaning = self.names.lookup(letter)
            if meaning is None and not self.names.free_mode:
                raise InvalidAnswer(f"unknown name `{letter}` in the superscript", token.column)
            factors.append(Name(token.start, token.end, meaning or Meaning("symbol", letter)))
        inner = product(*factors) if len(factors) > 1 else factors[0]
        return Unary(token.start, token.end, "-", inner) if value.startswith("-") else inner

    def parse_atom(self) -> Node:
        token = self.tok
        if token.kind == "num":
            self.advance()
            self.note_grouping(token)
            return Num(token.start, token.end, token.value, token.glyph)
        if token.kind == "name":
            return self.parse_name()
        if token.kind == "root":
            self.advance()
            self.expect_operand(token)
            previous = self.enter(token)
            operand = self.parse_postfix()
            self.depth = previous
            meaning = Meaning("function", token.value)
            return Call(token.start, operand.end, meaning, (operand,), token.glyph)
        if token.kind == "op" and token.value in CLOSERS:
            return self.parse_group()
        if token.kind == "op" and token.value == "|":
            return self.parse_abs()
        if token.kind == "end":
            raise InvalidAnswer("the answer ends too early: something is missing at the end")
        if token.kind == "sup":
            raise InvalidAnswer(
                f"a superscript at column {token.column} needs a base", token.column
            )
        if token.kind == "op" and token.value == ",":
            self.reject_comma(token)
        if token.kind == "op" and token.value in CLOSERS.values():
            raise InvalidAnswer(
                f"unexpected `{token.value}` at column {token.column}: something is missing before it",
                token.column,
            )
        raise InvalidAnswer(f"unexpected `{token.value}` at column {token.column}", token.column)

    def note_grouping(self, token: Token) -> None:
        typed = self.text[token.start : token.end]
        if "," in typed and "." in token.value and "." not in typed:
            self.note(f"read `{typed}` as {token.value} (a decimal comma)")
        elif "," in typed:
            self.note(f"read `{typed}` as {token.value} (commas group the thousands)")
        elif typed.count(".") > 1:
            self.note(f"read `{typed}` as {token.value} (dots group the thousands)")
        elif any(c.isspace() or c in "_'’" for c in typed):
            self.note(f"read `{typed}` as {token.value} (digits grouped by thousands)")
        elif len(typed) > 1 and typed[-1] in VULGAR_FRACTIONS:
            self.note(f"read `{typed}` as {token.value} (a mixed number)")

    def parse_group(self) -> Group:
        opener = self.advance()
        previous = self.enter(opener)
        closer = CLOSERS[opener.value]
        if self.is_op(closer):
            raise InvalidAnswer(f"empty parentheses at column {opener.column}", opener.column)
        saved_abs, self.abs_depth = self.abs_depth, 0
        items = [self.parse_sum()]
        while self.is_op(","):
            comma = self.advance()
            self.expect_operand(comma)
            items.append(self.parse_sum())
        self.abs_depth = saved_abs
        end = self.expect_closer(opener, closer)
        self.depth = previous
        if opener.value == "(":
            self.check_decimal_comma(items)
        return Group(opener.start, end, tuple(items), opener.value)

    def expect_closer(self, opener: Token, closer: str) -> int:
        token = self.tok
        if self.is_op(closer):
            self.advance()
            return token.end
        if token.kind == "end":
            raise InvalidAnswer(
                f"unbalanced parenthesis: `{opener.value}` at column {opener.column} is never closed",
                opener.column,
            )
        if token.kind == "op" and token.value in CLOSERS.values():
            raise InvalidAnswer(
                f"`{token.value}` at column {token.column} does not match "
                f"`{opener.value}` at column {opener.column}",
                token.column,
            )
        if token.kind == "op" and token.value in RELATIONS:
            raise InvalidAnswer(
                f"`{token.value}` at column {token.column} is not allowed inside brackets",
                token.column,
            )
        if token.kind == "op" and token.value == "|":
            raise InvalidAnswer(f"unbalanced `|` at column {token.column}", token.column)
        raise InvalidAnswer(
            f"unexpected {self.describe(token)} at column {token.column}", token.column
        )

    def parse_abs(self) -> Abs:
        opener = self.advance()
        previous = self.enter(opener)
        self.abs_depth += 1
        inner = self.parse_sum()
        self.abs_depth -= 1
        if not self.is_op("|"):
            if self.tok.kind == "end":
                raise InvalidAnswer(
                    f"unbalanced `|` at column {opener.column}: the absolute value is never closed",
                    opener.column,
                )
            raise InvalidAnswer(
                f"unexpected {self.describe(self.tok)} at column {self.tok.column}", self.tok.column
            )
        closer = self.advance()
        self.depth = previous
        return Abs(opener.start, closer.end, inner)
