"""The FSRS parameters in force: the learner's adopted set, else FSRS's defaults.

``parameters_in_force`` is the one place that answers "which parameters apply here";
the scheduler, the rating buttons' intervals, the reports' forgetting curve
(``report.retrievability.ForgettingCurve.of``) and the workload simulation all ask it.
Adoptions are synced facts, so a review is rated with the set in force at its time
(``at``), the one a replay of it on any device uses (``scheduling.in_force.Timeline``).
"""

from __future__ import annotations

import sqlite3

from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.store.queries import parameter_sets
from studyapp.store.queries.parameter_sets import ParameterSet

FSRS_DEFAULTS: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)


def parameters_in_force(
    db: sqlite3.Connection,
    deck_id: str | None = None,
    *,
    item_id: str | None = None,
    at: int | None = None,
) -> tuple[float, ...]:
    """The parameters that schedule ``deck_id`` (or ``item_id``'s deck; every deck if both
    are None) at ``at`` (epoch ms; None: the newest adopted). ``db``: the sqlite3
    connection (``store.engine.driver`` of a SQLAlchemy one)."""
    adopted = set_in_force(db, deck_id, item_id=item_id, at=at)
    return adopted.parameters if adopted is not None else FSRS_DEFAULTS


def set_in_force(
    db: sqlite3.Connection,
    deck_id: str | None = None,
    *,
    item_id: str | None = None,
    at: int | None = None,
) -> ParameterSet | None:
    """The adopted set behind ``parameters_in_force``, or None when the defaults apply."""
    return parameter_sets.in_force(db, deck_id, item_id, at)
