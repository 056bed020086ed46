"""How numbers read in every report format: percentages, durations, counts."""

from __future__ import annotations

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def duration(ms: int) -> str:
    """``45s``, ``12m``, ``3h 05m``: the precision a learner cares about."""
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def count(value: int) -> str:
    return f"{value:,}"
