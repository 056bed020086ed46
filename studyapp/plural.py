"""A count with its noun agreeing: ``1 day``, ``2 days``, ``1,204 reviews``.

Shared by the report renderers, the TUI and the CLI, so no screen reads "1 days".
"""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """``count`` with thousands separators and ``noun`` (``plural_noun`` or noun + s)."""
    word = noun if count == 1 else plural_noun or f"{noun}s"
    return f"{count:,} {word}"
