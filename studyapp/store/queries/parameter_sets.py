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
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any
from uuid import uuid4

from studyapp.store.facts import FACT_ORDER, PARAMETERS_KEY, device_id, parameters_key

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
ADOPTED = "adopted"  # an adoption fact's value: {"adopted": the set's fields}
REVERTED = "reverted"  # a revert's value: {"reverted": the uid of the adoption given up}
# Every scope's key ("parameters", "parameters:<deck>") as a range the key index serves.
_ANY_SCOPE = "(key = ? OR (key > ? AND key < ?))"
_ANY_SCOPE_ARGS = (PARAMETERS_KEY, PARAMETERS_KEY + ":", PARAMETERS_KEY + ";")


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
        return {ADOPTED: {**fields, "parameters": list(self.parameters)}}

    @classmethod
    def from_fact(cls, uid: str, fields: dict[str, Any]) -> ParameterSet:
        known = {name: fields[name] for name in _FACT_FIELDS if name in fields}
        return cls(**{**known, "parameters": tuple(fields["parameters"]), "uid": uid})


# What an adoption fact holds; a newer studyapp may add more, which this one leaves alone.
_FACT_FIELDS = tuple(
    name for name in ParameterSet.__dataclass_fields__ if name not in ("id", "uid")
)


class Adoptions:
    """The sets in force over time in one scope, from its adoption and revert facts."""

    def __init__(self, facts: Iterable[tuple[str, int, dict[str, Any]]]) -> None:
        """``facts``: (uid, written_at, value) in ``FACT_ORDER``."""
        adopted: list[ParameterSet] = []
        reverted: set[str] = set()
        self._moments: list[int] = []
        self._in_force: list[ParameterSet | None] = []
        for uid, written_at, value in facts:
            if ADOPTED in value:
                adopted.append(ParameterSet.from_fact(uid, value[ADOPTED]))
            elif REVERTED in value:
                reverted.add(value[REVERTED])
            # Anything else is a change a newer studyapp knows of: it changes nothing here.
            standing = [s for s in adopted if s.uid not in reverted]
            self._moments.append(written_at)
            self._in_force.append(standing[-1] if standing else None)

    def at(self, moment: int | None = None) -> ParameterSet | None:
        """The set in force at ``moment`` (epoch ms; None: after every fact)."""
        index = len(self._moments) if moment is None else bisect_right(self._moments, moment)
        return self._in_force[index - 1] if index else None

    def moments(self) -> list[int]:
        """When the set in force may have changed."""
        return self._moments


def adoptions(
    db: sqlite3.Connection, deck_ids: Iterable[str | None]
) -> dict[str | None, Adoptions]:
    """Each scope's adoptions (a deck id, or None for every deck)."""
    scopes = {parameters_key(deck_id): deck_id for deck_id in set(deck_ids)}
    marks = ", ".join("?" * len(scopes))
    facts: dict[str | None, list[tuple[str, int, dict[str, Any]]]] = {
        d: [] for d in scopes.values()
    }
    for key, uid, written_at, value in db.execute(
        f"SELECT key, uid, written_at, value FROM facts WHERE key IN ({marks})"
        f" ORDER BY {FACT_ORDER}",
        tuple(scopes),
    ):
        facts[scopes[key]].append((uid, written_at, json.loads(value)))
    return {deck_id: Adoptions(scope_facts) for deck_id, scope_facts in facts.items()}


def every_adoption(db: sqlite3.Connection) -> dict[str | None, Adoptions]:
    """The adoptions of every scope that has any (for replaying items)."""
    keys = db.execute(f"SELECT DISTINCT key FROM facts WHERE {_ANY_SCOPE}", _ANY_SCOPE_ARGS)
    scopes = [None if key == PARAMETERS_KEY else key.partition(":")[2] for (key,) in keys]
    return adoptions(db, scopes)


def changes_after(db: sqlite3.Connection, fact_id: int) -> tuple[int, int] | None:
    """For the adoptions and reverts stored after the fact ``fact_id`` (a row id here):
    the earliest moment they change and the last one's row id; None if there are none."""
    row = db.execute(
        f"SELECT min(written_at), max(id) FROM facts WHERE id > ? AND {_ANY_SCOPE}",
        (fact_id, *_ANY_SCOPE_ARGS),
    ).fetchone()
    return None if row[1] is None else (row[0], row[1])


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
    scopes = adoptions(db, {deck_id, None})
    own = scopes[deck_id].at(at)
    return own if own is not None else scopes[None].at(at)


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
        _record_change(db, fit.deck_id, fit.to_fact(), fit.fitted_at)
    return int(cursor.lastrowid or 0)


def revert(db: sqlite3.Connection, deck_id: str | None, now_ms: int) -> ParameterSet | None:
    """Stop using the scope's set in force (the one adopted before it holds again);
    returns the set given up."""
    given_up = adoptions(db, [deck_id])[deck_id].at()
    if given_up is not None:
        _record_change(db, deck_id, {REVERTED: given_up.uid}, now_ms)
    return given_up


def _record_change(db: sqlite3.Connection, deck_id: str | None, value: Any, now_ms: int) -> None:
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
        *db.execute(f"SELECT max(written_at) FROM facts WHERE {_ANY_SCOPE}", _ANY_SCOPE_ARGS),
    ]
    written_at = max([now_ms, *(moment + 1 for (moment,) in seen if moment is not None)])
    db.execute(
        "INSERT INTO facts (uid, key, value, written_at, device_id) VALUES (?, ?, ?, ?, ?)",
        (uuid4().hex, parameters_key(deck_id), json.dumps(value), written_at, device),
    )
