"""Answers compared as text, not as mathematics: exact, sloppy, against a pattern, or by
similarity to good and bad texts (a misspelt term).

A quoted answer (``"Hello"``) is its text between the quotes, spaces kept; an unquoted
one is the text as typed without its surrounding spaces, so ``sin(x^2)`` matches the
string ``"sin(x^2)"``. Nothing here is evaluated; a teacher's pattern is a Python regular
expression, searched for anywhere in the answer (anchor it with ``^…$``), under the
sandbox's time cap like every check.
"""

from __future__ import annotations

import json
import re

MAX_PATTERN = 1000  # characters


class BadPattern(ValueError):
    """The expected answer is not a usable regular expression."""


def is_quoted(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= 2 and stripped[0] == stripped[-1] == '"'


def text_of(typed: str) -> str:
    stripped = typed.strip()
    if is_quoted(stripped):
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


def similar_text(
    expected: str, typed: str, threshold: float, case: bool = False, spaces: bool = False
) -> bool:
    """The answer's closest expected text is a good one, with a similarity of at least
    ``threshold`` (1 − edit distance / the longer length). ``expected`` is a JSON list of
    good texts, or ``[[good…], [bad…]]``; case and runs of spaces are ignored unless
    ``case`` or ``spaces``."""
    good, bad = _text_lists(expected)
    answer = _normal(text_of(typed), case, spaces)
    scored = [(_similarity(answer, _normal(t, case, spaces)), True) for t in good]
    scored += [(_similarity(answer, _normal(t, case, spaces)), False) for t in bad]
    if not scored:
        raise BadPattern("no expected texts")
    best, is_good = max(scored, key=lambda pair: pair[0])
    return is_good and best >= threshold


def _text_lists(expected: str) -> tuple[list[str], list[str]]:
    try:
        value = json.loads(expected)
    except json.JSONDecodeError:
        raise BadPattern("give the texts as a list: [[good, ...], [bad, ...]]") from None
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value, []
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(part, list) and all(isinstance(t, str) for t in part) for part in value)
    ):
        return value[0], value[1]
    raise BadPattern("give the texts as a list: [[good, ...], [bad, ...]]")


def _normal(text: str, case: bool, spaces: bool) -> str:
    text = text if spaces else " ".join(text.split())
    return text if case else text.casefold()


def _similarity(a: str, b: str) -> float:
    if len(a) > MAX_PATTERN or len(b) > MAX_PATTERN:
        raise BadPattern(f"texts are limited to {MAX_PATTERN} characters")
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1 - _edit_distance(a, b) / longest


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return previous[-1]
