"""The FSRS parameter sets ``studyapp optimize`` fitted, and which one is in force.

Plain DB-API (sqlite3), so the review write path and the reports read the set in force with
one indexed query. Every fit is kept; the set in force for a deck is the newest adopted,
not reverted set of that deck, else the newest such set fitted to every deck (``deck_id``
NULL), else none (the caller falls back to FSRS's defaults).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

_COLUMNS = (
    "id",
    "fitted_at",
    "deck_id",
    "parameters",
    "reviews",
    "log_loss_before",
    "log_loss_after",
    "rmse_before",
    "rmse_after",
    "adopted",
    "reverted_at",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM fsrs_parameters"
# The deck's own set first, then the one for every deck: "deck_id IS NULL" sorts 0 before 1.
_IN_FORCE = (
    f"{_SELECT} WHERE adopted AND reverted_at IS NULL AND (deck_id = ? OR deck_id IS NULL)"
    " ORDER BY deck_id IS NULL, id DESC LIMIT 1"
)


@dataclass(frozen=True)
class ParameterSet:
    """One fit: the parameters, how much history it saw, and both sets' scores on it."""

    fitted_at: int  # epoch ms
    deck_id: str | None
    parameters: tuple[float, ...]
    reviews: int
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    adopted: bool
    id: int | None = None  # None until recorded
    reverted_at: int | None = None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ParameterSet:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["parameters"] = tuple(json.loads(values["parameters"]))
        values["adopted"] = bool(values["adopted"])
        return cls(**values)


def in_force(
    db: sqlite3.Connection, deck_id: str | None = None, item_id: str | None = None
) -> ParameterSet | None:
    """The adopted set that applies to ``deck_id`` (or to ``item_id``'s deck), if any."""
    if deck_id is None and item_id is not None:
        row = db.execute("SELECT deck_id FROM items WHERE id = ?", (item_id,)).fetchone()
        deck_id = row[0] if row else None
    row = db.execute(_IN_FORCE, (deck_id,)).fetchone()
    return ParameterSet.from_row(row) if row else None


def latest_fit(db: sqlite3.Connection, deck_id: str | None) -> ParameterSet | None:
    """The newest fit of exactly this scope (a deck, or every deck for None), adopted or not."""
    row = db.execute(
        f"{_SELECT} WHERE deck_id IS ? ORDER BY id DESC LIMIT 1", (deck_id,)
    ).fetchone()
    return ParameterSet.from_row(row) if row else None


def record(db: sqlite3.Connection, fit: ParameterSet) -> int:
    """Store a fit (adopted or not); returns its id."""
    cursor = db.execute(
        f"INSERT INTO fsrs_parameters ({', '.join(_COLUMNS[1:])})"
        f" VALUES ({', '.join('?' * (len(_COLUMNS) - 1))})",
        (
            fit.fitted_at,
            fit.deck_id,
            json.dumps(list(fit.parameters)),
            fit.reviews,
            fit.log_loss_before,
            fit.log_loss_after,
            fit.rmse_before,
            fit.rmse_after,
            fit.adopted,
            fit.reverted_at,
        ),
    )
    return int(cursor.lastrowid or 0)


def revert(db: sqlite3.Connection, deck_id: str | None, now_ms: int) -> ParameterSet | None:
    """Stop using the scope's adopted set (the one before it holds again); returns it."""
    row = db.execute(
        f"{_SELECT} WHERE adopted AND reverted_at IS NULL AND deck_id IS ?"
        " ORDER BY id DESC LIMIT 1",
        (deck_id,),
    ).fetchone()
    if row is None:
        return None
    reverted = ParameterSet.from_row(row)
    db.execute("UPDATE fsrs_parameters SET reverted_at = ? WHERE id = ?", (now_ms, reverted.id))
    return reverted
