"""A LaTeX answer in the plain answer syntax: ``\\frac{1}{2}\\ln\\frac{1-e}{e}`` →
``(1/2)ln((1-e)/e)``, read afterwards by the one plain reader.

So a LaTeX answer builds the same syntax tree as its plain spelling, under the same
allow-list of names and functions and the same limits; this module only adds the TeX
commands it understands (:mod:`.commands`) and refuses every other one by name. Each
character written keeps the offset of the LaTeX it came from, so the reader's messages
point at the column the learner typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.commands import (
    ANSWER_NAMES,
    ANSWER_SYMBOLS,
    BINOMIALS,
    FRACTIONS,
    SIZES,
    SPACING,
    UPRIGHT,
)
from studyapp.checking.reading.latex.tex import (
    Char,
    Command,
    Delimited,
    Group,
    Scripts,
    Space,
    TexNode,
    read_tex,
    unwrap,
)

_WRAPPED = re.compile(r"^\s*(\$.*\$|\\\(.*\\\)|\\\[.*\\\])\s*$", re.DOTALL)
_SIGNED_INTEGER = re.compile(r"[+-]?[0-9]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_COLUMN = re.compile(r"column (\d+)")
_RELATION_CHARS = frozenset("+-=<>,")
_RELATION_COMMANDS = frozenset({"le", "leq", "leqslant", "ge", "geq", "geqslant", "ne", "neq",
                                "lt", "gt", "pm"})  # fmt: skip
_LOG_BASES = {"2": "log2", "10": "log10", "e": "ln"}
_UPRIGHT_CONSTANTS = {"e": "%e", "i": "%i"}
# \left … \right pairs the reader understands, and what they are in the plain syntax
_DELIMITERS = {
    ("(", ")"): ("(", ")"), ("[", "]"): ("[", "]"), ("\\{", "\\}"): ("{", "}"),
    ("\\lbrace", "\\rbrace"): ("{", "}"), ("|", "|"): ("Abs(", ")"),
    ("\\vert", "\\vert"): ("Abs(", ")"), ("\\lvert", "\\rvert"): ("Abs(", ")"),
    ("\\lfloor", "\\rfloor"): ("floor(", ")"), ("\\lceil", "\\rceil"): ("ceiling(", ")"),
}  # fmt: skip
# the allow-list's spellings among LaTeX's operator names (not \lim, \Pr, …), kept as text
# so that this module loads without sympy
_FUNCTIONS = frozenset(
    {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos", "arctan", "exp", "ln", "log", "lg", "max", "min", "det"}
)  # fmt: skip
# commands whose plain spelling needs no parentheses around it: a name, a call, a fraction
_SELF_CONTAINED = frozenset({*ANSWER_NAMES, *UPRIGHT, *FRACTIONS, *BINOMIALS, "sqrt"})


# a part of a Leibniz derivative: d or \partial, then a name (dL, d\alpha, \partial s)
_LEIBNIZ_PART = re.compile(r"\s*(?P<mark>d|partial)\s*(?P<name>[A-Za-z][A-Za-z0-9_]*)?\s*")


def is_latex(text: str) -> bool:
    """LaTeX is recognised, never switched on: a backslash, a ``$…$`` wrapper or a braced
    subscript (``d_{in}``, which the plain syntax has no reading for)."""
    return "\\" in text or "_{" in text or bool(_WRAPPED.match(text))


@dataclass(frozen=True)
class PlainText:
    text: str  # the plain spelling
    offsets: tuple[int, ...]  # for each of its characters, the offset in the LaTeX

    def column_in_latex(self, column: int) -> int:
        """The 1-based column of the LaTeX that wrote plain column ``column``."""
        if not self.offsets:
            return 1
        return self.offsets[min(max(column, 1), len(self.offsets)) - 1] + 1

    def located(self, error: InvalidAnswer) -> InvalidAnswer:
        """The reader's error on the plain text, pointing into the LaTeX instead."""
        message = _COLUMN.sub(
            lambda match: f"column {self.column_in_latex(int(match.group(1)))}", error.message
        )
        column = None if error.column is None else self.column_in_latex(error.column)
        return InvalidAnswer(message, column)


def latex_to_plain(text: str) -> PlainText:
    """The plain answer syntax for a LaTeX answer. Raises InvalidAnswer naming what is not
    understood (``\\def``, an environment, an unbalanced brace)."""
    start, end = unwrap(text)
    tree = read_tex(text, start, end)
    writer = _Writer()
    writer.items(tree.items)
    return PlainText("".join(writer.parts), tuple(writer.offsets))


def as_plain(text: str) -> str:
    """``text`` in the plain syntax if it is LaTeX, else unchanged (for readers that split
    the text before parsing it: structures, derivation lines, quantities)."""
    return latex_to_plain(text).text if is_latex(text) else text


@dataclass
class _Writer:
    parts: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    after_name: bool = False  # the last thing written was a name from a command

    def write(self, text: str, at: int, name: bool = False) -> None:
        if not text:
            return
        last = self.parts[-1][-1] if self.parts else ""
        word_meets_word = _is_word(text[0]) and _is_word(last)
        if word_meets_word and (name or self.after_name):
            self.parts.append(" ")  # \alpha x, x\pi, \sin x: keep the names apart
            self.offsets.append(at)
        self.parts.append(text)
        self.offsets.extend([at] * len(text))
        self.after_name = name

    def items(self, items: tuple[TexNode, ...]) -> None:
        index = 0
        while index < len(items):
            node = items[index]
            if _is_big_operator(node):
                index = self.big_operator(items, index)
                continue
            derivative = _leibniz(node) if _before_equals(items, index) else None
            if derivative is not None:  # \frac{dL}{d\alpha} = …: a name, as dL/dalpha = …
                self.write(derivative, node.start, name=True)
            else:
                self.node(node)
            index += 1

    def node(self, node: TexNode) -> None:
        if isinstance(node, Char):
            self.write(node.char, node.start)
        elif isinstance(node, Space):
            self.write(" ", node.start)
        elif isinstance(node, Group):
            self.items(node.items)  # TeX's braces group for TeX, not for the reader
        elif isinstance(node, Command):
            self.command(node)
        elif isinstance(node, Scripts):
            self.scripts(node)
        elif isinstance(node, Delimited):
            self.delimited(node)

    def wrapped(self, node: TexNode) -> None:
        """An argument: bare when it is one number or name, else in parentheses."""
        if _is_atom(node):
            self.node(node)
            return
        self.write("(", node.start)
        self.node(node)
        self.write(")", node.end - 1)

    def command(self, node: Command) -> None:
        name, at = node.name, node.start
        if name in FRACTIONS:
            self.write("(", at)
            self.wrapped(node.args[0])
            self.write("/", at)
            self.wrapped(node.args[1])
            self.write(")", node.end - 1)
        elif name == "sqrt":
            self.root(node)
        elif name in BINOMIALS:
            self.call("binomial", node.args, at, node.end)
        elif name in UPRIGHT:
            word = _word_of(node)
            self.write(_UPRIGHT_CONSTANTS.get(word, word), at, name=True)
        elif name in ANSWER_NAMES:
            self.write(ANSWER_NAMES[name], at, name=True)
        elif name in _FUNCTIONS:
            self.write(name, at, name=True)
        elif name in ANSWER_SYMBOLS:
            self.write(ANSWER_SYMBOLS[name], at)
        elif name in SPACING or name in SIZES:
            self.write(" ", at)
        else:
            raise InvalidAnswer(_not_understood(name, at), at + 1)

    def call(self, function: str, args: tuple[TexNode, ...], at: int, end: int) -> None:
        self.write(function, at, name=True)
        self.write("(", at)
        for index, arg in enumerate(args):
            if index:
                self.write(", ", arg.start)
            self.node(arg)
        self.write(")", end - 1)

    def root(self, node: Command) -> None:
        if node.option is None:
            self.call("sqrt", node.args, node.start, node.end)
            return
        self.write("root", node.start, name=True)
        self.write("(", node.start)
        self.node(node.args[0])
        self.write(", ", node.option.start)
        self.node(node.option)
        self.write(")", node.end - 1)

    def scripts(self, node: Scripts) -> None:
        base = node.base
        if node.sub is not None:
            self.subscripted(base, node.sub)
        else:
            self.node(base)
        if node.sup is None:
            return
        self.write("^", node.sup.start)
        if _is_function(base):
            power = _plain_of(node.sup).text.replace(" ", "")
            if not _SIGNED_INTEGER.fullmatch(power):
                raise InvalidAnswer(
                    f"the power of a function at column {node.sup.start + 1} must be a whole "
                    "number, as in \\sin^2 x or \\tanh^{-1} x",
                    node.sup.start + 1,
                )
            self.write(power, node.sup.start)
        else:
            self.wrapped(node.sup)

    def subscripted(self, base: TexNode, sub: TexNode) -> None:
        """``d_{in}``, ``s_1``, ``\\theta_t`` are names; ``\\log_2`` is a base."""
        index = _plain_of(sub).text.replace(" ", "")
        if isinstance(base, Command) and base.name == "log":
            self.write(_LOG_BASES.get(index, f"log_{index}"), base.start, name=True)
            return
        stem = _plain_of(base).text.strip()
        if not (_WORD.fullmatch(stem) and re.fullmatch(r"[A-Za-z0-9]+", index)):
            raise InvalidAnswer(
                f"the subscript at column {sub.start + 1} is not understood: subscripts name "
                "variables, as in d_{in} or s_1",
                sub.start + 1,
            )
        self.write(f"{stem}_{index}", base.start, name=True)

    def delimited(self, node: Delimited) -> None:
        pair = _DELIMITERS.get((node.left, node.right))
        if pair is None:
            raise InvalidAnswer(
                f"`\\left{node.left} … \\right{node.right}` at column {node.start + 1} "
                "is not understood",
                node.start + 1,
            )
        self.write(pair[0], node.start, name=pair[0][0].isalpha())
        self.node(node.body)
        self.write(pair[1], node.end - 1)

    def big_operator(self, items: tuple[TexNode, ...], index: int) -> int:
        """``\\sum_{i=1}^{n} f`` as ``sum(f, i, 1, n)``: the summand runs to the next
        ``+``, ``-`` or relation at its level (outside brackets), as it is read on paper."""
        node = items[index]
        assert isinstance(node, Scripts) and isinstance(node.base, Command)
        function = node.base.name
        limits = _plain_of(node.sub).text.replace(" ", "") if node.sub else ""
        index_name, _, low = limits.partition("=")
        if node.sup is None or not _WORD.fullmatch(index_name) or not low:
            raise InvalidAnswer(
                f"write the limits of `\\{function}` at column {node.start + 1} as "
                f"\\{function}_{{i=1}}^{{n}}",
                node.start + 1,
            )
        stop, depth = index + 1, 0  # plain brackets are single characters: count them
        while stop < len(items) and (depth > 0 or not _ends_summand(items[stop])):
            depth += _bracket_step(items[stop])
            stop += 1
        if stop == index + 1:
            raise InvalidAnswer(f"`\\{function}` at column {node.start + 1} needs a summand")
        self.write(function, node.start, name=True)
        self.write("(", node.start)
        self.items(items[index + 1 : stop])
        self.write(f", {index_name}, ", node.sub.start)  # type: ignore[union-attr]
        self.items(_sub_after_equals(node.sub))  # type: ignore[arg-type]
        self.write(", ", node.sup.start)
        self.node(node.sup)
        self.write(")", items[stop - 1].end - 1)
        return stop


def _before_equals(items: tuple[TexNode, ...], index: int) -> bool:
    following = [item for item in items[index + 1 :] if not isinstance(item, Space)]
    return bool(following) and isinstance(following[0], Char) and following[0].char == "="


def _leibniz(node: TexNode) -> str | None:
    """``\\frac{dL}{d\\alpha}``, ``\\frac{\\partial L}{\\partial s}``: a derivative's name, as
    the plain ``dL/dalpha`` and ``∂L/∂s`` a learner types before ``=``; None for any other
    fraction. Only before ``=``: elsewhere ``\\frac{dr}{dk}`` may be (d·r)/(d·k)."""
    if not (isinstance(node, Command) and node.name in FRACTIONS):
        return None
    parts = []
    for arg in node.args[:2]:
        match = _LEIBNIZ_PART.fullmatch(_leibniz_text(arg))
        if match is None:
            return None
        parts.append(match)
    top, bottom = parts
    if top.group("mark") != bottom.group("mark") or not bottom.group("name"):
        return None
    mark = "∂" if top.group("mark") == "partial" else "d"
    return f"{mark}{top.group('name') or ''}/{mark}{bottom.group('name')}"


def _leibniz_text(node: TexNode) -> str:
    """A fraction's part as text, ``\\partial`` spelt ``partial`` (no plain spelling)."""
    items = node.items if isinstance(node, Group) else (node,)
    words = []
    for item in items:
        if isinstance(item, Command) and item.name == "partial":
            words.append("partial ")
        elif isinstance(item, Space):
            words.append(" ")
        else:
            try:
                words.append(_plain_of(item).text)
            except InvalidAnswer:
                return ""
    return "".join(words)


def _plain_of(node: TexNode) -> PlainText:
    writer = _Writer()
    writer.node(node)
    return PlainText("".join(writer.parts), tuple(writer.offsets))


def _word_of(node: Command) -> str:
    word = _plain_of(node.args[0]).text.strip()
    if not _WORD.fullmatch(word):
        raise InvalidAnswer(
            f"`\\{node.name}{{…}}` at column {node.start + 1} must hold a name such as atanh",
            node.start + 1,
        )
    return word


def _is_atom(node: TexNode) -> bool:
    """One number or one name: ``2``, ``{10}``, ``x``, ``\\alpha`` need no parentheses."""
    if isinstance(node, Char):
        return node.char.isalnum()
    if isinstance(node, Group):
        chars = [item for item in node.items if not isinstance(item, Space)]
        if len(chars) == 1:
            return _is_atom(chars[0])
        return bool(chars) and all(isinstance(c, Char) and c.char.isdigit() for c in chars)
    return isinstance(node, Command) and node.name in _SELF_CONTAINED


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _is_function(node: TexNode) -> bool:
    return isinstance(node, Command) and node.name in (*_FUNCTIONS, "operatorname")


def _is_big_operator(node: TexNode) -> bool:
    return (
        isinstance(node, Scripts)
        and isinstance(node.base, Command)
        and node.base.name in ("sum", "prod")
    )


def _ends_summand(node: TexNode) -> bool:
    if isinstance(node, Char):
        return node.char in _RELATION_CHARS
    return isinstance(node, Command) and node.name in _RELATION_COMMANDS


def _bracket_step(node: TexNode) -> int:
    """+1 for an opening plain bracket, -1 for a closing one: ``(i+1)`` keeps its ``+``."""
    if isinstance(node, Char):
        return {"(": 1, "[": 1, ")": -1, "]": -1}.get(node.char, 0)
    return 0


def _sub_after_equals(sub: TexNode) -> tuple[TexNode, ...]:
    items = sub.items if isinstance(sub, Group) else (sub,)
    for at, item in enumerate(items):
        if isinstance(item, Char) and item.char == "=":
            return items[at + 1 :]
    return ()


def _not_understood(name: str, at: int) -> str:
    if name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
        return (
            f"`\\{name}` at column {at + 1} is not understood in an answer "
            "(expectations and sets of numbers cannot be graded): write the expression itself"
        )
    return f"the LaTeX command `\\{name}` at column {at + 1} is not understood"
