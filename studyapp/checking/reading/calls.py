"""The grammar's names and calls: ``sin(x)``, ``f^-1(x)``, ``log_2(8)``, ``xy`` → x·y.

A learner's name may be a declared variable, a constant, an allow-listed function or a
run of letters to split; this half of :class:`~studyapp.checking.reading.syntax.Parser`
decides which (see :mod:`.names` for the policy) and reads a call's arguments. It is a
mixin: the token helpers and ``parse_sum``/``parse_power`` are the parser's own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NoReturn

from studyapp.checking.reading.functions import FUNCTIONS, INVERSES
from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.names import GREEK_NAMES, RESERVED, Meaning
from studyapp.checking.reading.preview import render
from studyapp.checking.reading.tokenize import Token
from studyapp.checking.reading.tree import Call, Name, Node, Num, Power, Unary, product

if TYPE_CHECKING:
    from studyapp.checking.reading.syntax import Parser

_FUNCTION_OF_NUMBER = re.compile(r"([A-Za-z]+)([0-9]+)")


class NameParsing:
    """Names and calls, for :class:`~studyapp.checking.reading.syntax.Parser`."""


    def parse_name(self: Parser) -> Node:
        token = self.advance()
        if self.tok.kind == "prime":
            return self.parse_derivative(token)
        paren_follows = self.is_op("(")
        meaning = self.names.lookup(token.value)
        if token.glyph == "σ" and paren_follows and not _is_symbol(meaning):
            self.note("read σ(…) as the sigmoid function")
            return self.parse_call(token, Meaning("function", "sigmoid"))
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

    def parse_derivative(self: Parser, token: Token) -> Node:
        """``σ'(z)``, ``tanh′′(x)``: a derivative of a function of one argument, at it."""
        primes = self.advance()
        typed = self.text[token.start : primes.end]
        meaning = self.names.lookup(token.value)
        if token.glyph == "σ" or (meaning is None and token.value == "sigma"):
            meaning = Meaning("function", "sigmoid")
        function = FUNCTIONS.get(meaning.name) if meaning is not None else None
        if meaning is None or meaning.kind != "function" or function is None:
            raise InvalidAnswer(
                f"`{typed}`: a prime marks the derivative of a function such as σ'(z) or"
                f" tanh'(x); write the derivative out", token.column
            )
        call = self.parse_call(token, meaning)
        if not isinstance(call, Call) or len(call.args) != 1:
            raise InvalidAnswer(f"`{typed}(…)` takes one argument", token.column)
        derivative = Meaning("function", meaning.name + "'" * int(primes.value))
        node = Call(call.start, call.end, derivative, call.args, call.glyph)
        self.note(f"read `{self.text[token.start : call.end]}` as the derivative {render(node)}")
        return node

    def call_follows(self: Parser) -> bool:
        """A parenthesis next, possibly after a power: ``f(``, ``f²(``, ``f^2(``, ``f^-1(``."""
        if self.is_op("("):
            return True
        if self.tok.kind == "sup":
            return self.peek().value == "("
        if self.is_op("^"):
            offset = 3 if self.peek().value == "-" else 2
            return self.peek(offset - 1).kind == "num" and self.peek(offset).value == "("
        return False

    def lookup_loose_function(self: Parser, token: Token) -> Meaning | None:
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

    def name_node(self: Parser, token: Token, meaning: Meaning) -> Name:
        if meaning.kind == "symbol" and self.is_op("[") and not self.tok.spaced:
            return self.indexed_name(token, meaning)
        self.reject_subscript(token)
        return Name(token.start, token.end, meaning, token.glyph)

    def indexed_name(self: Parser, token: Token, meaning: Meaning) -> Name:
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

    def reject_subscript(self: Parser, token: Token) -> None:
        if self.is_op("[") and not self.tok.spaced:
            typed = self.text[token.start : token.end]
            raise InvalidAnswer(
                f"subscripts like `{typed}[…]` are not supported: write {typed}_1 or {typed}1",
                self.tok.column,
            )

    def parse_log_base(self: Parser, token: Token) -> Node:
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

    def parse_free_prefix_call(self: Parser, token: Token) -> Node:
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

    def function_of_number(self: Parser, token: Token, function: str, digits: str) -> Node:
        """``sqrt2``, ``ln3``: a one-argument function written against its number."""
        meaning = self.names.lookup(function)
        if meaning is None or meaning.kind != "function" or FUNCTIONS[function].min_args > 1:
            self.reject_unknown(token, call_follows=False)  # a variable named ln, or atan2
        cut = token.start + len(function)
        call = Call(token.start, token.end, meaning, (Num(cut, token.end, digits),))
        self.note(f"read `{self.source(call)}` as {render(call)}")
        return call

    def note_meaning(self: Parser, token: Token, meaning: Meaning) -> None:
        typed = self.text[token.start : token.end]
        if meaning.kind == "symbol" and meaning.name != token.value:
            self.note(f"read `{typed}` as the variable `{meaning.name}`")
        elif meaning.kind == "constant" and meaning.name == "E" and token.value in ("e", "E"):
            self.note(f"read `{typed}` as Euler's number e ≈ 2.718")
        elif meaning.kind == "constant" and meaning.name == "I" and token.value == "i":
            self.note(f"read `{typed}` as the imaginary unit (i² = −1)")

    def parse_split_name(self: Parser, token: Token, call_follows: bool) -> Node:
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

    def reject_unknown(self: Parser, token: Token, call_follows: bool) -> NoReturn:
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

    def parse_call(self: Parser, name: Token, meaning: Meaning) -> Node:
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

    def parse_function_power(
        self: Parser, name: Token, meaning: Meaning
    ) -> tuple[Meaning, Node | None]:
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

    def argument_at(self: Parser, offset: int) -> bool:
        token = self.peek(offset)
        return token.value == "(" or token.kind in ("num", "name")

    def parse_bare_argument(self: Parser) -> Node:
        """``sin 2x``, ``log^2 2n``, ``ln x^2``: a run of numbers and names (each with its
        power, as on paper: ln x² is ln(x²)) written without spaces."""
        factors = [self.parse_power()]
        while self.tok.kind == "name" and not self.tok.spaced:
            meaning = self.names.lookup(self.tok.value)
            if meaning is not None and meaning.kind in ("function", "binder"):
                break
            factors.append(self.parse_power())
        return product(*factors) if len(factors) > 1 else factors[0]

    def parse_arguments(self: Parser, opener: Token, function: str) -> tuple[Node, ...]:
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


def _is_symbol(meaning: Meaning | None) -> bool:
    """A declared variable (σ(1−σ) multiplies when σ is one)."""
    return meaning is not None and meaning.kind == "symbol"
