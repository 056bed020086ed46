"""Answers compared as text, not as mathematics: exact, sloppy, or against a pattern.

A quoted answer (``"Hello"``) is its text between the quotes, spaces kept; an unquoted
one is the text as typed without its surrounding spaces, so ``sin(x^2)`` matches the
string ``"sin(x^2)"``. Nothing here is evaluated; a teacher's pattern is a Python regular
expression, searched for anywhere in the answer (anchor it with ``^…$``), under the
sandbox's time cap like every check.
"""

from __future__ import annotations

import re

MAX_PATTERN = 1000  # characters


class BadPattern(ValueError):
    """The expected answer is not a usable regular expression."""


def text_of(typed: str) -> str:
    stripped = typed.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        return re.sub(r'\\(["\\])', r"\1", stripped[1:-1])
    return stripped


def same_text(expected: str, typed: str) -> bool:
    return text_of(expected) == text_of(typed)


def same_text_sloppily(expected: str, typed: str) -> bool:
    """Equal once letter case and all white space are ignored."""
    return _squeezed(text_of(expected)) == _squeezed(text_of(typed))


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def matches_pattern(pattern: str, typed: str) -> bool:
    source = text_of(pattern)
    if len(source) > MAX_PATTERN:
        raise BadPattern(f"the pattern is too long (over {MAX_PATTERN} characters)")
    try:
        compiled = re.compile(source)
    except re.error as exc:
        raise BadPattern(f"not a regular expression: {exc}") from None
    return compiled.search(text_of(typed)) is not None
