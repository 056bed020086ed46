"""The FSRS parameter sets ``studyapp optimize`` fitted, and which one is in force.

Every fit is kept in ``fsrs_parameters`` (this device's history of fits, adopted or not).
Adopting a set and reverting one are facts (``studyapp.store.facts``): they travel to the
other devices like reviews, so every device knows the same sets in force at every moment.
For a scope (a deck, or every deck) the set in force at a moment is the newest adoption
written by then that no revert written by then gave up; for a deck, its own set, else the
set for every deck, else none (the caller falls back to FSRS's defaults).

Plain DB-API (sqlite3): the review write path reads the set in force with indexed queries.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Any
from uuid import uuid4

from studyapp.store.facts import (
    LATEST_FIRST,
    PARAMETERS_KEY,
    REVERTED_PARAMETERS_KEY,
    device_id,
    parameters_key,
)

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
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM fsrs_parameters"
_EVER = 2**63 - 1  # a moment after every fact (epoch ms)
# A scope's set in force at a moment. An adoption's value is the set's fields, a revert's
# the adoption's uid as a JSON string, so no value is parsed to tell them apart.
_IN_FORCE = (
    "SELECT uid, value FROM facts AS a WHERE key = :adopted AND written_at <= :at"
    " AND NOT EXISTS (SELECT 1 FROM facts AS r WHERE r.key = :reverted"
    "   AND r.written_at <= :at AND r.value = json_quote(a.uid))"
    f" ORDER BY {LATEST_FIRST} LIMIT 1"
)
# Every scope's adoptions ("parameters", "parameters:<deck>"), a range the key index serves.
_ADOPTIONS = "(key = ? OR (key > ? AND key < ?))"
_ADOPTIONS_ARGS = (PARAMETERS_KEY, PARAMETERS_KEY + ":", PARAMETERS_KEY + ";")
# Every adoption and revert: the keys that start with "parameters".
_CHANGES = "key >= ? AND key < ?"
_CHANGES_ARGS = (PARAMETERS_KEY, PARAMETERS_KEY[:-1] + chr(ord(PARAMETERS_KEY[-1]) + 1))


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
    id: int | None = None  # this device's row, None for a set adopted on another device
    uid: str | None = None  # the fact that adopted it, None for a fit not adopted

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ParameterSet:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["parameters"] = tuple(json.loads(values["parameters"]))
        values["adopted"] = bool(values["adopted"])
        return cls(**values)

    def to_fact(self) -> dict[str, Any]:
        fields = asdict(self)
        del fields["id"], fields["uid"]
        return {**fields, "parameters": list(self.parameters)}

    @classmethod
    def from_fact(cls, uid: str, fields: dict[str, Any]) -> ParameterSet:
        known = {name: fields[name] for name in _FACT_FIELDS if name in fields}
        return cls(**{**known, "parameters": tuple(fields["parameters"]), "uid": uid})


# What an adoption fact holds; a newer studyapp may add more, which this one leaves alone
# (a new kind of change would come under a key of its own, which this one ignores).
_FACT_FIELDS = tuple(
    name for name in ParameterSet.__dataclass_fields__ if name not in ("id", "uid")
)


class Adoptions:
    """The sets in force over time in one scope, looked up by bisection (a replay asks for
    every review it goes through)."""

    def __init__(self, db: sqlite3.Connection, deck_id: str | None) -> None:
        keys = (parameters_key(deck_id), parameters_key(deck_id, REVERTED_PARAMETERS_KEY))
        self._moments = [
            moment
            for (moment,) in db.execute(
                "SELECT DISTINCT written_at FROM facts WHERE key IN (?, ?) ORDER BY written_at",
                keys,
            )
        ]
        self._in_force = [_scope_in_force(db, deck_id, moment) for moment in self._moments]

    def at(self, moment: int) -> ParameterSet | None:
        """The set in force at ``moment`` (epoch ms)."""
        index = bisect_right(self._moments, moment)
        return self._in_force[index - 1] if index else None

    def moments(self) -> list[int]:
        """When the set in force may have changed."""
        return self._moments


def every_adoption(db: sqlite3.Connection) -> dict[str | None, Adoptions]:
    """The adoptions of every scope that has any (for replaying items)."""
    return {deck_id: Adoptions(db, deck_id) for deck_id in _scopes(db)}


def decks_with_own_set(db: sqlite3.Connection) -> list[str]:
    """The decks with a set of their own in force now."""
    decks = (deck_id for deck_id in _scopes(db) if deck_id is not None)
    return [deck_id for deck_id in decks if _scope_in_force(db, deck_id, None) is not None]


def _scopes(db: sqlite3.Connection) -> list[str | None]:
    """The scopes with an adoption: deck ids, None for every deck."""
    keys = db.execute(f"SELECT DISTINCT key FROM facts WHERE {_ADOPTIONS}", _ADOPTIONS_ARGS)
    return [None if key == PARAMETERS_KEY else key.partition(":")[2] for (key,) in keys]


def last_change(db: sqlite3.Connection) -> int | None:
    """The row id here of the latest adoption or revert stored (None: there is none)."""
    return db.execute(f"SELECT max(id) FROM facts WHERE {_CHANGES}", _CHANGES_ARGS).fetchone()[0]


def in_force(
    db: sqlite3.Connection,
    deck_id: str | None = None,
    item_id: str | None = None,
    at: int | None = None,
) -> ParameterSet | None:
    """The adopted set that applies to ``deck_id`` (or to ``item_id``'s deck) at ``at``
    (epoch ms; None: the newest), if any."""
    if deck_id is None and item_id is not None:
        row = db.execute("SELECT deck_id FROM items WHERE id = ?", (item_id,)).fetchone()
        deck_id = row[0] if row else None
    own = None if deck_id is None else _scope_in_force(db, deck_id, at)
    return own if own is not None else _scope_in_force(db, None, at)


def _scope_in_force(
    db: sqlite3.Connection, deck_id: str | None, at: int | None
) -> ParameterSet | None:
    """The scope's newest adoption written by ``at`` (None: ever) that no revert written by
    then gave up."""
    row = db.execute(
        _IN_FORCE,
        {
            "adopted": parameters_key(deck_id),
            "reverted": parameters_key(deck_id, REVERTED_PARAMETERS_KEY),
            "at": _EVER if at is None else at,
        },
    ).fetchone()
    return None if row is None else ParameterSet.from_fact(row[0], json.loads(row[1]))


def latest_fit(db: sqlite3.Connection, deck_id: str | None) -> ParameterSet | None:
    """The newest fit of exactly this scope (a deck, or every deck for None), adopted or not."""
    row = db.execute(
        f"{_SELECT} WHERE deck_id IS ? ORDER BY id DESC LIMIT 1", (deck_id,)
    ).fetchone()
    return ParameterSet.from_row(row) if row else None


def record(db: sqlite3.Connection, fit: ParameterSet) -> int:
    """Store a fit; an adopted one is also recorded as in force from now on. Returns its id."""
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
        ),
    )
    if fit.adopted:
        _record_change(db, parameters_key(fit.deck_id), fit.to_fact(), fit.fitted_at)
    return int(cursor.lastrowid or 0)


def revert(db: sqlite3.Connection, deck_id: str | None, now_ms: int) -> ParameterSet | None:
    """Stop using the scope's set in force (the one adopted before it holds again);
    returns the set given up."""
    given_up = _scope_in_force(db, deck_id, None)
    if given_up is not None:
        key = parameters_key(deck_id, REVERTED_PARAMETERS_KEY)
        _record_change(db, key, given_up.uid, now_ms)
    return given_up


def _record_change(db: sqlite3.Connection, key: str, value: Any, now_ms: int) -> None:
    """Record an adoption or a revert, written after everything this device has seen.

    Later than this device's last review, so a review made while a fit ran (with the set
    in force then) stays before the change on every device; later than every change known
    here, so a change made after seeing another device's wins over it whatever the clocks.
    """
    device = device_id(db)
    seen = [
        *db.execute(  # newest first along the time index: this device's last review is near
            "SELECT reviewed_at FROM reviews WHERE device_id = ? ORDER BY reviewed_at DESC LIMIT 1",
            (device,),
        ),
        *db.execute(f"SELECT max(written_at) FROM facts WHERE {_CHANGES}", _CHANGES_ARGS),
    ]
    written_at = max([now_ms, *(moment + 1 for (moment,) in seen if moment is not None)])
    db.execute(
        "INSERT INTO facts (uid, key, value, written_at, device_id) VALUES (?, ?, ?, ?, ?)",
        (uuid4().hex, key, json.dumps(value), written_at, device),
    )
