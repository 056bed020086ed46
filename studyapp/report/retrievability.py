"""FSRS's forgetting curve: the probability of recalling an item now.

The formula and constants are those of ``fsrs.Scheduler.get_card_retrievability`` with the
default parameters (the scheduler studyapp builds uses them): whole elapsed days, then
``R = (1 + FACTOR * t / S) ** DECAY``. A test keeps the two in agreement. It is
computed here rather than through ``fsrs.Card`` objects because a report needs it for a
hundred thousand items at once.
"""

from __future__ import annotations

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.report.scope import DAY_MS

DECAY = -DEFAULT_PARAMETERS[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


def retrievability(elapsed_ms: int | None, stability: float | None) -> float | None:
    """The probability of recall after ``elapsed_ms`` since the last review."""
    if elapsed_ms is None or stability is None or stability <= 0:
        return None
    elapsed_days = max(0, elapsed_ms // DAY_MS)
    return (1 + FACTOR * elapsed_days / stability) ** DECAY
