"""One line of a derivation: an expression, or an equation ``lhs = rhs``.

Lines are split at their single top-level ``=`` here (the answer parser reads each side),
so an equation keeps both sides exactly as typed instead of a sympy ``Eq`` that may
collapse to ``True``. A line ``NAME = ...`` with an undeclared NAME is a definition; a
line whose left side is ``diff(f, x)`` claims a derivative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import sympy as sp

from studyapp.checking.reading.tokenize import GREEK

MAX_LINES = 60
MAX_ROWS = 4 * MAX_LINES  # blank lines between steps included
MAX_LINE_LENGTH = 600
MAX_TOTAL_LENGTH = 12_000

_EQUALS = re.compile(r"(?<![<>=!:])=(?!=)")
_LEADING_EQUALS = re.compile(r"^\s*=(?!=)")
_CONTINUATION = re.compile(r"^\s*(?:=(?!=)|stackeq\s*\()")
# a new name (ASCII: ``c²`` is c squared, a power of a variable, not a name being defined)
_DEFINITION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_DIFF_CALL = re.compile(r"^\s*diff\s*\(\s*(?P<target>.+?)\s*,\s*(?P<var>[A-Za-z_]\w*)\s*\)\s*$")
_CONNECTIVE = re.compile(
    r"^\s*(?:⇒|⟹|=>|==>|->|→|⟶|∴|⇔|⟺|<=>|(?:so|hence|thus|therefore|then)\b[,:]?)\s*",
    re.IGNORECASE,
)
# prose after a bar: two or more words, the first a word of three letters or more
_REMARK = re.compile(r"\s*[A-Za-z]{3,}[A-Za-z]*(?:[ ,;:'-]+[\w.'()-]+)+\s*\.?\s*")
# Leibniz's notation on a left side, as learners write it: dJ/dp, ∂L/∂w, d/dx (x^2), d/dx f
_LEIBNIZ = (
    re.compile(r"^\s*[d∂]\s*(?P<target>[^\W\d]\w*)\s*/\s*[d∂]\s*(?P<var>[^\W\d]\w*)\s*$"),
    re.compile(r"^\s*[d∂]\s*/\s*[d∂]\s*(?P<var>[^\W\d]\w*)\s*(?P<target>\S.*?)\s*$"),
)


@dataclass(frozen=True)
class LineShape:
    """What the text of a line looks like, before any parsing."""

    lhs_text: str
    rhs_text: str | None  # None: an expression line
    defined_name: str | None = None  # candidate definition ``NAME = ...``
    diff_var: str | None = None  # the variable of a ``diff(f, x) = ...`` left side
    diff_target: str | None = None  # the ``f`` of that left side, as typed


def continues_chain(text: str) -> bool:
    """``= (x + 1)^2`` or STACK's ``stackeq((x + 1)^2)``: the next link of ``a = b = c``."""
    return bool(_CONTINUATION.match(text))


def split_line(text: str) -> LineShape:
    """Split at the top-level ``=``; more than one ``=`` is an error the learner can fix.

    A line that starts with ``=`` continues a chain of equalities: it is an expression.
    """
    if _LEADING_EQUALS.match(text):
        text = _LEADING_EQUALS.sub("", text, count=1)
        if _EQUALS.search(text):
            raise ValueError("a line that starts with '=' may not contain another '='")
        if not text.strip():
            raise ValueError("write the expression after '='")
    parts = _EQUALS.split(text)
    if len(parts) == 1:
        return LineShape(text.strip(), None)
    if len(parts) > 2:
        raise ValueError("a line may contain at most one '='")
    lhs, rhs = parts[0].strip(), parts[1].strip()
    if not lhs or not rhs:
        raise ValueError("an equation needs something on both sides of '='")
    lhs = _as_diff_call(lhs)
    definition = _DEFINITION.match(lhs)
    diff_call = _DIFF_CALL.match(lhs)
    return LineShape(
        lhs,
        rhs,
        defined_name=definition.group(1) if definition else None,
        diff_var=diff_call.group("var") if diff_call else None,
        diff_target=diff_call.group("target") if diff_call else None,
    )


def chain_links(text: str) -> list[str]:
    """``A = B = C`` as its links ``A = B`` and ``B = C`` (a derivative and its value set to
    zero, or a chain of equalities, written on one line); any other line as itself."""
    if _LEADING_EQUALS.match(text):
        return [text]
    parts = [part.strip() for part in _EQUALS.split(text)]
    if len(parts) < 3 or not all(parts):
        return [text]
    return [f"{left} = {right}" for left, right in pairwise(parts)]


def formula_part(text: str) -> str:
    """The line without what a learner writes around the formula: a leading "so" (``⇒``,
    ``=>``, ``∴``, ``hence``: the step's relation is what the checker works out, not what
    the arrow claims) and a trailing remark (``# take logs``, ``| divide by 2``)."""
    text = _CONNECTIVE.sub("", text, count=1)
    head, hash_sign, tail = text.partition("#")  # not Maxima's x # 1 (x is not 1)
    if hash_sign and _REMARK.fullmatch(tail):
        text = head
    head, bar, tail = text.rpartition("|")
    if bar and head.count("|") % 2 == 0 and _REMARK.fullmatch(tail):
        text = head  # a bar with prose after it, not the closing bar of an |absolute value|
    return text.rstrip()


def _as_diff_call(lhs: str) -> str:
    """``dJ/dp`` (or ``∂J/∂p``, ``d/dp J``) as the ``diff(J, p)`` the parser reads."""
    for pattern in _LEIBNIZ:
        match = pattern.match(lhs)
        if match:
            var = "".join(GREEK.get(c, c) for c in match.group("var"))  # dα: alpha
            return f"diff({match.group('target')}, {var})"
    return lhs


@dataclass(frozen=True)
class Line:
    """A parsed line. An equation contributes its right-hand side as the line's value."""

    text: str
    lhs: sp.Expr
    rhs: sp.Expr | None = None
    defines: str | None = None  # the name this line binds (``L = ...``)
    restates: str | None = None  # a defined name on the left: ``L = ...`` after L's definition
    diff_var: str | None = None
    interpreted: str = ""  # how the parser read it, in unicode: "L = (1 − e)·exp(−a) + …"
    # ``x = 2 or x = -2``, ``x > 1``: the line as a sympy proposition (lhs is then unused)
    proposition: sp.Basic | None = None
    continues: bool = False  # ``= …``: must equal the line just before it
    and_or_swapped: sp.Basic | None = None  # the proposition with and/or exchanged

    @property
    def is_equation(self) -> bool:
        return self.rhs is not None

    @property
    def statement(self) -> sp.Basic | None:
        """The line as a proposition, when it is one (an equation or a structured line)."""
        if self.proposition is not None:
            return self.proposition
        return None if self.rhs is None else sp.Eq(self.lhs, self.rhs, evaluate=False)

    @property
    def value(self) -> sp.Expr:
        return self.lhs if self.rhs is None else self.rhs

    @property
    def zero_form(self) -> sp.Expr:
        """The line as ``expression = 0`` (an expression line means itself = 0)."""
        return self.lhs if self.rhs is None else self.lhs - self.rhs

    def as_substitution(self) -> tuple[sp.Symbol, sp.Expr] | None:
        """``symbol = expression`` with the symbol absent on the right, else None."""
        if self.rhs is None or not isinstance(self.lhs, sp.Symbol):
            return None
        if self.lhs in self.rhs.free_symbols:
            return None
        return self.lhs, self.rhs


def check_sizes(lines: list[str]) -> str | None:
    """A message when the input is too large to check, before anything is parsed."""
    written = sum(1 for line in lines if line.strip())
    if not written:
        return "there are no lines to check"
    if written > MAX_LINES:
        return f"a derivation may have at most {MAX_LINES} lines, this one has {written}"
    if len(lines) > MAX_ROWS:
        return f"a derivation may span at most {MAX_ROWS} lines, blank ones included"
    if sum(len(line) for line in lines) > MAX_TOTAL_LENGTH:
        return f"the derivation is longer than {MAX_TOTAL_LENGTH} characters"
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_LENGTH:
            return f"line {number} is longer than {MAX_LINE_LENGTH} characters"
    return None
