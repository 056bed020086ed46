"""FSRS's forgetting curve, for many items at once inside SQLite.

The formula and constants are those of ``fsrs.Scheduler.get_card_retrievability`` with the
default parameters (the scheduler studyapp builds uses them): whole elapsed days, then
``R = (1 + FACTOR * t / S) ** DECAY``. A test keeps the two in agreement.
"""

from __future__ import annotations

from typing import Any

from fsrs.scheduler import DEFAULT_PARAMETERS
from sqlalchemy import Connection

from studyapp.report.scope import DAY_MS

DECAY = -DEFAULT_PARAMETERS[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
SQL_FUNCTION = "fsrs_retrievability"


def retrievability(elapsed_ms: int | None, stability: float | None) -> float | None:
    """The probability of recall after ``elapsed_ms`` since the last review."""
    if elapsed_ms is None or stability is None or stability <= 0:
        return None
    elapsed_days = max(0, elapsed_ms // DAY_MS)
    return (1 + FACTOR * elapsed_days / stability) ** DECAY


def register(connection: Connection) -> None:
    """Make ``fsrs_retrievability(elapsed_ms, stability)`` callable in this connection's SQL."""
    raw: Any = connection.connection.driver_connection
    raw.create_function(SQL_FUNCTION, 2, retrievability, deterministic=True)
