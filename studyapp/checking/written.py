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

# a signed decimal, optionally times a power of ten: 1.50, -.5, 2.5e-3, 1.2*10^4, 3×10^(-2)
_NUMBER = re.compile(
    r"""^\s*[+-]?\s*(?P<mantissa>\d+\.?\d*|\.\d+)
    (?:[eE][+-]?\d+|\s*[*×·]\s*10\s*\^\s*(?:[+-]?\d+|\(\s*[+-]?\d+\s*\)))?\s*$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Written:
    """The significant figures (a range when trailing zeros are ambiguous) and the
    decimal places of the mantissa as typed."""

    fewest: int
    most: int
    places: int


def written_number(text: str) -> Written | None:
    """How ``text`` is written, or None when it is not a plain decimal number."""
    match = _NUMBER.match(text)
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
