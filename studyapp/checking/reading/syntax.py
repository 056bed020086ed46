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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import NoReturn

from studyapp.checking.reading.functions import FUNCTIONS, INVERSES
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.names import GREEK_NAMES, RESERVED, Meaning, NameTable
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
_FUNCTION_OF_NUMBER = re.compile(r"([A-Za-z]+)([0-9]+)")
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
class Parser:
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
            f"`,` at column {token.column} is only allowed between a function's arguments",
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

    # -- names and calls -----------------------------------------------------------------

    def parse_name(self) -> Node:
        token = self.advance()
        paren_follows = self.is_op("(")
        if token.glyph == "σ" and paren_follows:
            self.note("read σ(…) as the sigmoid function")
            return self.parse_call(token, Meaning("function", "sigmoid"))
        meaning = self.names.lookup(token.value)
        if meaning is None and self.call_follows():
            meaning = self.lookup_loose_function(token)
        if meaning is not None and meaning.kind in ("function", "binder"):
            return self.parse_call(token, meaning)
        if meaning is not None:
            self.note_meaning(token, meaning)
            return self.name_node(token, meaning)
        if token.value in RESERVED:
            raise InvalidAnswer(
                f"`{token.value}` is not allowed: type a single formula", token.column
            )
        if paren_follows and token.value.startswith("log_") and len(token.value) > 4:
            return self.parse_log_base(token)
        numbered = _FUNCTION_OF_NUMBER.fullmatch(token.value)
        if numbered and not paren_follows and numbered.group(1) in FUNCTIONS:
            return self.function_of_number(token, numbered.group(1), numbered.group(2))
        if self.names.free_mode:
            if not paren_follows or len(token.value) == 1 or token.value in GREEK_NAMES:
                return self.name_node(token, Meaning("symbol", token.value))
            return self.parse_free_prefix_call(token)
        return self.parse_split_name(token, paren_follows)

    def call_follows(self) -> bool:
        """A parenthesis next, possibly after a power: ``f(``, ``f²(``, ``f^2(``, ``f^-1(``."""
        if self.is_op("("):
            return True
        if self.tok.kind == "sup":
            return self.peek().value == "("
        if self.is_op("^"):
            offset = 3 if self.peek().value == "-" else 2
            return self.peek(offset - 1).kind == "num" and self.peek(offset).value == "("
        return False

    def lookup_loose_function(self, token: Token) -> Meaning | None:
        """An undeclared ``sigma(…)`` is the sigmoid; ``Ln(…)``, ``SIN(…)`` are ln and sin."""
        typed = self.text[token.start : token.end]
        if token.value == "sigma":
            self.note(f"read `{typed}(…)` as the sigmoid function")
            return Meaning("function", "sigmoid")
        lower = token.value.lower()
        if lower != token.value and lower in FUNCTIONS:
            self.note(f"read `{typed}` as `{lower}`")
            return Meaning("function", lower)
        return None

    def name_node(self, token: Token, meaning: Meaning) -> Name:
        if meaning.kind == "symbol" and self.is_op("[") and not self.tok.spaced:
            return self.indexed_name(token, meaning)
        self.reject_subscript(token)
        return Name(token.start, token.end, meaning, token.glyph)

    def indexed_name(self, token: Token, meaning: Meaning) -> Name:
        """STACK's ``x[1]``, ``epsilon[0]``: a variable of its own (neither x_1 nor x1)."""
        typed = self.text[token.start : token.end]
        index = self.peek()
        if (
            index.kind not in ("num", "name")
            or (index.kind == "num" and not index.value.isdigit())
            or self.peek(2).value != "]"
        ):
            raise InvalidAnswer(
                f"write an index as {typed}[1] or {typed}[k], or use {typed}_1",
                self.tok.column,
            )
        self.advance()
        self.advance()
        closer = self.advance()
        name = f"{meaning.name}[{index.value}]"
        self.note(f"read `{self.text[token.start : closer.end]}` as the indexed name {name}")
        return Name(token.start, closer.end, Meaning("symbol", name), token.glyph)

    def reject_subscript(self, token: Token) -> None:
        if self.is_op("[") and not self.tok.spaced:
            typed = self.text[token.start : token.end]
            raise InvalidAnswer(
                f"subscripts like `{typed}[…]` are not supported: write {typed}_1 or {typed}1",
                self.tok.column,
            )

    def parse_log_base(self, token: Token) -> Node:
        """STACK's ``log_2(x)``, ``log_b(x)``: the logarithm to the base after the underscore."""
        base_text = token.value[4:]
        base_start = token.start + 4
        if base_text == "e":  # log_e is ln, whatever e means elsewhere in the answer
            opener = self.advance()
            previous = self.enter(opener)
            args = self.parse_arguments(opener, "log_e")
            self.depth = previous
            if len(args) != 1:
                raise InvalidAnswer(f"`log_e` takes 1 argument, got {len(args)}", token.column)
            call = Call(token.start, self.tokens[self.at - 1].end, Meaning("function", "ln"), args)
            self.note(f"read `{self.source(call)}` as the natural logarithm {render(call)}")
            return call
        if base_text.isdigit():
            base: Node = Num(base_start, token.end, base_text)
        else:
            meaning = self.names.lookup(base_text)
            if meaning is None and self.names.free_mode:
                meaning = Meaning("symbol", base_text)
            if meaning is None or meaning.kind not in ("symbol", "constant"):
                self.reject_unknown(token, call_follows=True)
            base = Name(base_start, token.end, meaning)
        opener = self.advance()
        previous = self.enter(opener)
        args = self.parse_arguments(opener, "log")
        self.depth = previous
        if len(args) != 1:
            raise InvalidAnswer(f"`{token.value}` takes 1 argument, got {len(args)}", token.column)
        call = Call(
            token.start, self.tokens[self.at - 1].end, Meaning("function", "log"), (args[0], base)
        )
        self.note(f"read `{self.source(call)}` as the logarithm to base {render(base)}")
        return call

    def parse_free_prefix_call(self, token: Token) -> Node:
        """Free mode: ``xsin(1)`` is x·sin(1); any other unknown name before ``(`` is invalid."""
        run = token.value
        for cut in range(1, len(run)):
            meaning = self.names.lookup(run[cut:])
            if meaning is not None and meaning.kind == "function" and run[:cut].isalpha():
                prefix = Name(token.start, token.start + cut, Meaning("symbol", run[:cut]))
                call_token = Token("name", run[cut:], token.start + cut, token.end)
                call = self.parse_call(call_token, meaning)
                node = product(prefix, call)
                self.note(f"read `{self.source(node)}` as {render(node)}")
                return node
        self.reject_unknown(token, call_follows=True)

    def function_of_number(self, token: Token, function: str, digits: str) -> Node:
        """``sqrt2``, ``ln3``: a one-argument function written against its number."""
        meaning = self.names.lookup(function)
        if meaning is None or meaning.kind != "function" or FUNCTIONS[function].min_args > 1:
            self.reject_unknown(token, call_follows=False)  # a variable named ln, or atan2
        cut = token.start + len(function)
        call = Call(token.start, token.end, meaning, (Num(cut, token.end, digits),))
        self.note(f"read `{self.source(call)}` as {render(call)}")
        return call

    def note_meaning(self, token: Token, meaning: Meaning) -> None:
        typed = self.text[token.start : token.end]
        if meaning.kind == "symbol" and meaning.name != token.value:
            self.note(f"read `{typed}` as the variable `{meaning.name}`")
        elif meaning.kind == "constant" and meaning.name == "E" and token.value in ("e", "E"):
            self.note(f"read `{typed}` as Euler's number e ≈ 2.718")
        elif meaning.kind == "constant" and meaning.name == "I" and token.value == "i":
            self.note(f"read `{typed}` as the imaginary unit (i² = −1)")

    def parse_split_name(self, token: Token, call_follows: bool) -> Node:
        run = token.value
        if run in GREEK_NAMES or not self.names.declared:
            self.reject_unknown(token, call_follows)
        readings = self.names.split(run, call_follows)
        if not readings:
            self.reject_unknown(token, call_follows)
        if len(readings) > 1:
            options = " or ".join("·".join(r) for r in readings)
            raise InvalidAnswer(
                f"`{run}` is ambiguous: it could be {options}; separate the names with `*`",
                token.column,
            )
        pieces = readings[0]
        nodes: list[Node] = []
        at = token.start
        # a leading Greek letter is one character typed but several read (η → eta)
        shorter = len(run) - (token.end - token.start)
        for index, piece in enumerate(pieces):
            meaning = self.names.lookup(piece)
            assert meaning is not None
            typed = len(piece) - (shorter if index == 0 else 0)
            piece_token = Token("name", piece, at, at + typed)
            at += typed
            if meaning.kind in ("function", "binder") and index == len(pieces) - 1:
                nodes.append(self.parse_call(piece_token, meaning))
            else:
                nodes.append(Name(piece_token.start, piece_token.end, meaning))
        self.reject_subscript(token)
        node = product(*nodes) if len(nodes) > 1 else nodes[0]
        self.note(f"read `{self.text[token.start : token.end]}` as {render(node)}")
        return node

    def reject_unknown(self, token: Token, call_follows: bool) -> NoReturn:
        typed = self.text[token.start : token.end]
        what = "function" if call_follows and self.names.free_mode else "name"
        message = f"unknown {what} `{typed}`"
        suggestion = self.names.suggestion(token.value)
        if suggestion:
            message += f" — did you mean `{suggestion}`?"
        elif self.names.declared:
            message += f"; the variables here are {self.names.describe_declared()}"
        elif not self.names.free_mode:
            message += "; this answer has no variables"
        raise InvalidAnswer(message, token.column)

    def parse_call(self, name: Token, meaning: Meaning) -> Node:
        typed = self.text[name.start : name.end]
        meaning, power = self.parse_function_power(name, meaning)
        bare = False
        if self.is_op("("):
            opener = self.advance()
            previous = self.enter(opener)
            args = self.parse_arguments(opener, typed)
            self.depth = previous
            end = self.tokens[self.at - 1].end
        elif meaning.kind == "function" and (
            self.tok.kind in ("num", "name", "root") or self.is_op("|")
        ):
            previous = self.enter(name)
            argument = self.parse_bare_argument()
            self.depth = previous
            args, end, bare = (argument,), argument.end, True
        else:
            raise InvalidAnswer(
                f"`{typed}` needs its argument in parentheses: {typed}(…)", name.column
            )
        function = FUNCTIONS.get(meaning.name)
        if function is not None and function.max_args == 1:
            self.check_decimal_comma(args)
        if meaning.name == "log" and len(args) == 1 and typed == "log":
            self.note("log is the natural logarithm (ln); type log(x, 10) for base 10")
        call: Node = Call(name.start, end, meaning, args, name.glyph)
        if power is not None:
            call = Power(name.start, end, call, power)
        if bare or power is not None:
            self.note(f"read `{self.text[name.start : end]}` as {render(call)}")
        return call

    def parse_function_power(self, name: Token, meaning: Meaning) -> tuple[Meaning, Node | None]:
        """``sin^2(x)``, ``sin²x``: a power of the call; ``sin^-1``, ``tanh⁻¹``: the inverse."""
        if meaning.kind != "function":
            return meaning, None
        start = self.tok.start
        if self.tok.kind == "sup":
            sup = self.advance()
            power = self.superscript_node(sup)
            negative = sup.value.startswith("-")
        elif self.is_op("^") and self.peek().kind == "num" and self.argument_at(2):
            self.advance()
            number = self.advance()
            power, negative = Num(number.start, number.end, number.value), False
        elif (
            self.is_op("^")
            and self.peek().value == "-"
            and self.peek(2).kind == "num"
            and self.argument_at(3)
        ):
            self.advance()
            minus, number = self.advance(), self.advance()
            power = Unary(minus.start, number.end, "-", Num(number.start, number.end, number.value))
            negative = True
        else:
            return meaning, None
        if not negative:
            return meaning, power
        typed = self.text[name.start : self.tokens[self.at - 1].end]
        canonical = FUNCTIONS[meaning.name].name if meaning.name in FUNCTIONS else meaning.name
        exponent = self.text[start : self.tokens[self.at - 1].end].lstrip("^")
        if exponent in ("-1", "⁻¹") and canonical in INVERSES:
            self.note(f"read `{typed}` as the inverse function {INVERSES[canonical]}")
            return Meaning("function", INVERSES[canonical]), None
        reciprocal = f"1/{canonical}(…)" + (
            "" if exponent in ("-1", "⁻¹") else f"^{render(power)[1:]}"
        )
        raise InvalidAnswer(
            f"`{typed}` is ambiguous: write {reciprocal} for a reciprocal", name.column
        )

    def argument_at(self, offset: int) -> bool:
        token = self.peek(offset)
        return token.value == "(" or token.kind in ("num", "name")

    def parse_bare_argument(self) -> Node:
        """``sin 2x``, ``log^2 2n``, ``ln x^2``: a run of numbers and names (each with its
        power, as on paper: ln x² is ln(x²)) written without spaces."""
        factors = [self.parse_power()]
        while self.tok.kind == "name" and not self.tok.spaced:
            meaning = self.names.lookup(self.tok.value)
            if meaning is not None and meaning.kind in ("function", "binder"):
                break
            factors.append(self.parse_power())
        return product(*factors) if len(factors) > 1 else factors[0]

    def parse_arguments(self, opener: Token, function: str) -> tuple[Node, ...]:
        if self.is_op(")"):
            raise InvalidAnswer(f"`{function}()` needs an argument", opener.column)
        saved_abs, self.abs_depth = self.abs_depth, 0
        args = [self.parse_sum()]
        while self.is_op(","):
            comma = self.advance()
            self.expect_operand(comma)
            args.append(self.parse_sum())
        self.abs_depth = saved_abs
        self.expect_closer(opener, ")")
        return tuple(args)
