"""Short human labels for intervals, durations and source locations shown in the TUI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

_UNITS: tuple[tuple[str, float], ...] = (
    ("y", 365 * 86400),
    ("mo", 30 * 86400),
    ("d", 86400),
    ("h", 3600),
    ("m", 60),
)


def format_interval(delta: timedelta) -> str:
    """``<1m``, ``10m``, ``1d``, ``3.5mo``: the next-interval label Anki users know."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    for unit, size in _UNITS:
        if seconds >= size:
            value = seconds / size
            # One decimal only where it carries information (months and years).
            if unit in ("mo", "y") and value < 10 and round(value, 1) != round(value):
                return f"{value:.1f}{unit}"
            return f"{round(value)}{unit}"
    return "<1m"  # unreachable: the loop ends with minutes


def format_duration(delta: timedelta) -> str:
    """Time spent: ``45s``, ``12m 5s``, ``1h 3m``."""
    total = int(delta.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m {seconds}s"
    return f"{seconds}s"


def display_path(path: str, content_dirs: Sequence[Path]) -> str:
    """A content path relative to its content folder (``boosting/adaboost.md``).

    Absolute temp or install paths are noise on screen; the folder-relative path is what an
    author recognises.
    """
    candidate = Path(path)
    for root in content_dirs:
        try:
            return str(candidate.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return path
