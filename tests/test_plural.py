"""Counts agree with their nouns wherever a number is followed by a noun."""

from __future__ import annotations

import pytest

from studyapp.plural import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 days"), (1, "1 day"), (2, "2 days"), (-1, "-1 days"), (1204, "1,204 days")],
)
def test_plural_agrees_with_the_count(count: int, expected: str) -> None:
    assert plural(count, "day") == expected


def test_plural_takes_an_irregular_plural() -> None:
    assert plural(3, "entry", "entries") == "3 entries"
    assert plural(1, "entry", "entries") == "1 entry"
