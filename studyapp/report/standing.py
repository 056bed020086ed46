"""Items as SQL sees them in a report: which are active, and each one's recall now.

Statistics over items are aggregated inside SQLite, which reads the items table in C:
building a Python object per item costs more than the whole aggregate (100k items).
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from studyapp.report.retrievability import DECAY, FACTOR
from studyapp.report.scope import DAY_MS, Scope

# ``retrievability.retrievability`` in SQL, on a row of ``items``: whole elapsed days
# (integer division; negatives clamp to 0 as the floor does), the same operations in the
# same order, so the same C ``pow`` gives the same floats.
RECALL = f"""
    CASE WHEN state != 0 AND last_review IS NOT NULL AND stability > 0
         THEN pow(1 + :factor * max(0, (:now_ms - last_review) / {DAY_MS}) / stability, :decay)
    END
"""


def active_conditions(scope: Scope) -> tuple[str, dict[str, Any]]:
    """A WHERE clause on ``items`` keeping the content's items of the filtered deck,
    and its parameters (those of ``RECALL`` included: bound, so no float goes
    through SQL text)."""
    clauses = ["retired_at IS NULL"]
    params: dict[str, Any] = {"now_ms": scope.now_ms, "factor": FACTOR, "decay": DECAY}
    if scope.filter.deck is not None:
        clauses.append("deck_id = :deck")
        params["deck"] = scope.filter.deck
    return " AND ".join(clauses), params


def ensure_pow(db: sqlite3.Connection) -> None:
    """SQLite has ``pow`` only when built with its math functions; else Python's, which
    is the same C function."""
    try:
        db.execute("SELECT pow(2, 0.5)")
    except sqlite3.OperationalError:
        db.create_function("pow", 2, math.pow, deterministic=True)
