"""How a typed decimal number is written: its significant figures and decimal places.

Trailing zeros of a whole number are ambiguous (``100`` has 1, 2 or 3 significant
figures), so the count is a range; a decimal point makes every digit after the first
non-zero one count (``10.0`` has 3, ``0.0010`` has 2). A written zero counts its decimal
places (``0.00`` has 2) and at least one (``0`` has 1). These are the conventions of
e-assessment systems that grade significant figures, STACK's among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.checking.reading import balanced

# a signed decimal, optionally times a power of ten: 1.50, -.5, 2.5e-3, 1.2*10^4, 3×10^(-2)
_NUMBER = re.compile(
    r"""^\s*[+-]?\s*(?P<mantissa>\d+\.?\d*|\.\d+)
    (?:[eE][+-]?\d+|\s*[*×·]\s*10\s*\^\s*(?:[+-]?\d+|\(\s*[+-]?\d+\s*\)))?\s*$""",
    re.VERBOSE,
)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_POWER_OF_TEN = re.compile(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
# A comma between digits: thousands when exactly three digits follow, else a decimal comma
# (the reading rule of the answer tokenizer, so both count the same digits).
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
# the number in brackets, perhaps signed outside them: -(0.05), (2.50e-3), --(-12.00);
# not (2,5), a pair
_BRACKETED = re.compile(r"^([+-]*)\s*\(([^,]*)\)$")
_SIGNS = re.compile(r"^([+-]+)\s*")


@dataclass(frozen=True)
class Written:
    """The significant figures (a range when trailing zeros are ambiguous) and the
    decimal places of the mantissa as typed."""

    fewest: int
    most: int
    places: int


def written_number(text: str) -> Written | None:
    """How ``text`` is written, or None when it is not a plain decimal number."""
    match = _NUMBER.match(_as_typed_plainly(text))
    if match is None:
        return None
    mantissa = match.group("mantissa")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:  # a zero: 0, 0.0, .00
        counted = max(1, len(fraction))
        return Written(counted, counted, len(fraction))
    if "." in mantissa:
        return Written(len(digits), len(digits), len(fraction))
    return Written(len(digits.rstrip("0")), len(digits), 0)


def _unbracketed(text: str) -> str:
    """A number out of the brackets and signs around it, its signs made one:
    ``--(-12.00)`` is ``-12.00``."""
    negative = False
    while True:
        signs = _SIGNS.match(text)
        if signs:
            negative ^= signs.group(1).count("-") % 2 == 1
            text = text[signs.end() :]
        bracketed = _BRACKETED.match(text)
        if not bracketed or not balanced(bracketed.group(2)):  # not (1)*(2)
            return ("-" if negative else "") + text
        text = bracketed.group(2).strip()


def _as_typed_plainly(text: str) -> str:
    """The same number in the notation ``_NUMBER`` reads: ``10⁻¹`` as ``10^-1``, a unicode
    minus, thousands and decimal commas, a number in brackets (``-(0.05)``), and a full stop
    ending a sentence after a decimal (``0.4236.``; a lone trailing point, ``2700.``, means
    its zeros count and is kept)."""
    text = _unbracketed(text.strip().replace("−", "-"))
    text = _POWER_OF_TEN.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = _DECIMAL_COMMA.sub(".", _THOUSANDS.sub("", text))
    if text.endswith(".") and text.count(".") == 2:
        text = text[:-1]
    return text
