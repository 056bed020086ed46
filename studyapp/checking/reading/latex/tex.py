"""Read a LaTeX formula into a small TeX tree: our own lexer and grammar, no TeX engine.

Only the shape is read here — groups, commands with their arguments, sub- and
superscripts, ``\\left … \\right`` pairs — under the answer reader's limits on length and
depth. Macro definitions, file access and catcode changes cannot happen: nothing is ever
expanded or executed, and a command's meaning is decided later by a table
(:mod:`.commands`). Errors are :class:`InvalidAnswer` with the column of what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.checking.reading.invalid import InvalidAnswer
from studyapp.checking.reading.latex.commands import ARGUMENTS, SIZES
from studyapp.checking.reading.tokenize import MAX_LENGTH, MAX_TOKENS

# the plain grammar's limit (syntax.MAX_DEPTH; not imported: that module loads sympy,
# and content rendering in the TUI must not)
MAX_DEPTH = 60

# a command (\\frac, \\, — or a lone backslash at the end), a run of space, one character
_LEXEME = re.compile(r"\\([A-Za-z]+|[^A-Za-z]|)|([\s~]+)|(.)", re.DOTALL)
_KINDS = {"{": "open", "}": "close", "^": "sup", "_": "sub"}
# $…$, $$…$$, \(…\) and \[…\] around a whole answer
_WRAPPER = re.compile(r"^\s*(\$\$|\$|\\\(|\\\[)(.*?)(\$\$|\$|\\\)|\\\])\s*$", re.DOTALL)
_ENVIRONMENT_MARKS = frozenset({"\\begin", "\\end"})
_PAIRS = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]"}
_REFUSED_CHARS = {
    "%": "`%` starts a TeX comment: write \\% for per cent",
    "#": "`#` (a macro parameter) is not understood",
    "&": "`&` (an alignment tab) is not understood",
    "$": "`$` may only wrap the whole formula",
}


@dataclass(frozen=True)
class TexNode:
    start: int
    end: int


@dataclass(frozen=True)
class Char(TexNode):
    char: str


@dataclass(frozen=True)
class Space(TexNode):
    pass


@dataclass(frozen=True)
class Group(TexNode):
    """``{…}``, a ``[…]`` option or the whole formula."""

    items: tuple[TexNode, ...]


@dataclass(frozen=True)
class Command(TexNode):
    name: str  # without the backslash: "frac", ",", "{"
    args: tuple[TexNode, ...] = ()
    option: Group | None = None  # \sqrt[n]{x}


@dataclass(frozen=True)
class Scripts(TexNode):
    base: TexNode
    sub: TexNode | None
    sup: TexNode | None


@dataclass(frozen=True)
class Delimited(TexNode):
    """``\\left( … \\right)``: the two delimiters as typed (``(``, ``|``, ``\\{``, ``.``)."""

    left: str
    right: str
    body: Group


@dataclass(frozen=True)
class Token:
    kind: str  # "command" | "open" | "close" | "sup" | "sub" | "space" | "char" | "end"
    text: str  # a command's name, or the character
    start: int
    end: int

    @property
    def column(self) -> int:
        return self.start + 1


def unwrap(text: str) -> tuple[int, int]:
    """The span of the formula inside ``$…$``, ``$$…$$``, ``\\(…\\)`` or ``\\[…\\]``."""
    match = _WRAPPER.match(text)
    if match is None or _PAIRS[match.group(1)] != match.group(3):
        return 0, len(text)
    return match.start(2), match.end(2)


def lex(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise InvalidAnswer(
            f"the answer is too long ({len(text)} characters, at most {MAX_LENGTH})"
        )
    end = len(text) if end is None else end
    tokens: list[Token] = []
    for match in _LEXEME.finditer(text, start, end):
        command, spaces, char = match.groups()
        at = match.start()
        if command is not None:
            if not command:
                raise InvalidAnswer("a lone `\\` at the end: a LaTeX command is missing", at + 1)
            tokens.append(Token("command", command, at, match.end()))
        elif spaces is not None:
            tokens.append(Token("space", " ", at, match.end()))
        elif char in _REFUSED_CHARS:
            raise InvalidAnswer(_REFUSED_CHARS[char], at + 1)
        else:
            tokens.append(Token(_KINDS.get(char, "char"), char, at, at + 1))
        if len(tokens) > MAX_TOKENS:
            raise InvalidAnswer(f"the answer is too long (more than {MAX_TOKENS} symbols)")
    tokens.append(Token("end", "", end, end))
    return tokens


def read_tex(text: str, start: int = 0, end: int | None = None) -> Group:
    """The TeX tree of ``text[start:end]``. Raises InvalidAnswer."""
    return _TexParser(lex(text, start, end)).parse()


class _TexParser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tok
        self.at += 1
        return token

    def parse(self) -> Group:
        items = self.sequence(stop=None)
        return Group(self.tokens[0].start, self.tok.end, tuple(items))

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InvalidAnswer(
                f"the answer is nested too deeply (at column {token.column})", token.column
            )

    def sequence(self, stop: str | None, opener: Token | None = None) -> list[TexNode]:
        """Items up to ``stop``: "}" , "]" (an option), "right", or None (the end)."""
        items: list[TexNode] = []
        while True:
            token = self.tok
            if token.kind == "end":
                if stop is not None:
                    raise InvalidAnswer(_unclosed(stop, opener), opener and opener.column)
                return items
            if token.kind == "close":
                if stop != "}":
                    raise InvalidAnswer(
                        f"unbalanced brace: `}}` at column {token.column} closes nothing",
                        token.column,
                    )
                return items
            if stop == "]" and token.kind == "char" and token.text == "]":
                return items
            if stop == "right" and token.kind == "command" and token.text == "right":
                return items
            if token.kind in ("sup", "sub"):
                items.append(self.scripts(items.pop() if items else None))
            else:
                items.append(self.item())

    def item(self) -> TexNode:
        token = self.tok
        if token.kind == "open":
            return self.group()
        if token.kind == "command":
            return self.command()
        self.advance()
        if token.kind == "space":
            return Space(token.start, token.end)
        return Char(token.start, token.end, token.text)

    def group(self) -> Group:
        opener = self.advance()
        self.enter(opener)
        items = self.sequence(stop="}", opener=opener)
        closer = self.advance()
        self.depth -= 1
        return Group(opener.start, closer.end, tuple(items))

    def command(self) -> TexNode:
        token = self.advance()
        name = token.text
        if f"\\{name}" in _ENVIRONMENT_MARKS:
            environment = self.group_text() if self.tok.kind == "open" else ""
            raise InvalidAnswer(
                f"LaTeX environments (`\\{name}{{{environment}}}`) are not understood",
                token.column,
            )
        if name == "left":
            return self.delimited(token)
        if name == "right":
            raise InvalidAnswer(f"`\\right` at column {token.column} has no `\\left`", token.column)
        if name in SIZES:
            return Space(token.start, token.end)  # \big( is just (
        count, optional = ARGUMENTS.get(name, (0, False))
        self.enter(token)
        option = self.option() if optional else None
        args = tuple(self.argument(token) for _ in range(count))
        self.depth -= 1
        end = args[-1].end if args else token.end
        return Command(token.start, end, name, args, option)

    def group_text(self) -> str:
        opener = self.advance()
        words: list[str] = []
        while self.tok.kind not in ("close", "end"):
            words.append(self.advance().text)
        if self.tok.kind == "close":
            self.advance()
        return "".join(words)[:40] or opener.text

    def option(self) -> Group | None:
        self.skip_spaces()
        if not (self.tok.kind == "char" and self.tok.text == "["):
            return None
        opener = self.advance()
        items = self.sequence(stop="]", opener=opener)
        closer = self.advance()
        return Group(opener.start, closer.end, tuple(items))

    def skip_spaces(self) -> None:
        while self.tok.kind == "space":
            self.advance()

    def argument(self, command: Token) -> TexNode:
        """One argument, as TeX takes it: a braced group, a command, or one character."""
        self.skip_spaces()
        token = self.tok
        if token.kind in ("end", "close", "sup", "sub") or (
            token.kind == "command" and token.text == "right"
        ):
            raise InvalidAnswer(
                f"`\\{command.text}` at column {command.column} needs an argument", command.column
            )
        return self.item()

    def scripts(self, base: TexNode | None) -> Scripts:
        token = self.tok
        if base is None or isinstance(base, Space):
            raise InvalidAnswer(
                f"`{token.text}` at column {token.column} needs something before it", token.column
            )
        sub = base.sub if isinstance(base, Scripts) else None
        sup = base.sup if isinstance(base, Scripts) else None
        core = base.base if isinstance(base, Scripts) else base
        while self.tok.kind in ("sup", "sub"):
            mark = self.advance()
            if (mark.kind == "sup" and sup is not None) or (mark.kind == "sub" and sub is not None):
                raise InvalidAnswer(f"double `{mark.text}` at column {mark.column}", mark.column)
            self.enter(mark)
            value = self.script_argument(mark)
            self.depth -= 1
            if mark.kind == "sup":
                sup = value
            else:
                sub = value
        end = max(node.end for node in (core, sub, sup) if node is not None)
        return Scripts(core.start, end, core, sub, sup)

    def script_argument(self, mark: Token) -> TexNode:
        """``^{…}``, ``^2``, ``^\\pi``; also ``^-1`` and ``^10`` (a sign and one more item,
        a whole run of digits), as learners type them though TeX would raise one character."""
        self.skip_spaces()
        token = self.tok
        if token.kind == "char" and token.text.isdigit():
            digits = [self.advance()]
            while self.tok.kind == "char" and self.tok.text.isdigit():
                digits.append(self.advance())
            chars = tuple(Char(d.start, d.end, d.text) for d in digits)
            return Group(token.start, digits[-1].end, chars)
        if token.kind == "char" and token.text in "+-":
            sign = self.advance()
            rest = self.argument(Token("command", mark.text, mark.start, mark.end))
            return Group(sign.start, rest.end, (Char(sign.start, sign.end, sign.text), rest))
        if token.kind in ("end", "close", "sup", "sub"):
            raise InvalidAnswer(
                f"`{mark.text}` at column {mark.column} needs something after it", mark.column
            )
        return self.item()

    def delimited(self, left: Token) -> Delimited:
        self.enter(left)
        opener = self.delimiter(left)
        body_start = self.tok.start
        items = self.sequence(stop="right", opener=left)
        right = self.advance()
        closer = self.delimiter(right)
        self.depth -= 1
        body = Group(body_start, right.start, tuple(items))
        return Delimited(left.start, self.tokens[self.at - 1].end, opener, closer, body)

    def delimiter(self, command: Token) -> str:
        self.skip_spaces()
        token = self.tok
        if token.kind == "char" or token.kind == "command":
            self.advance()
            return token.text if token.kind == "char" else f"\\{token.text}"
        raise InvalidAnswer(
            f"`\\{command.text}` at column {command.column} needs a delimiter such as ( or |",
            command.column,
        )


def _unclosed(stop: str, opener: Token | None) -> str:
    where = f" at column {opener.column}" if opener else ""
    if stop == "}":
        return f"unbalanced brace: `{{`{where} is never closed"
    if stop == "]":
        return f"unbalanced bracket: `[`{where} is never closed"
    return f"`\\left`{where} has no matching `\\right`"
