"""The optimiser's work for an app that must stay responsive: run in a child process.

fsrs-rs holds Python's global interpreter lock while it fits, scores or simulates (a
second on a large log), so a thread would freeze the app's screen meanwhile. These jobs
open the database on their own connection in a fresh process; ``child.run_in_child``
relays their progress and returns their result.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path

from studyapp.config import Settings
from studyapp.scheduling.fitting.optimize import Outcome, Progress, optimize
from studyapp.scheduling.fitting.workload import Workload, workload_in
from studyapp.store.engine import connect_at_head


def optimize_database(
    db_path: Path,
    *,
    rollover_hour: int,
    now: datetime,
    deck_id: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """``optimize`` on the database file, committed."""
    with _opened(db_path) as db, db:
        return optimize(
            db, rollover_hour=rollover_hour, now=now, deck_id=deck_id, tz=tz, progress=progress
        )


def workload_of(
    db_path: Path, *, settings: Settings, tz: tzinfo | None = None, progress: Progress | None = None
) -> Workload:
    """The simulated workload of each desired retention with the parameters in force, for
    every deck's items at the daily new-item limits (as ``studyapp optimize --retention``)."""
    with _opened(db_path) as db:
        return workload_in(db, settings, None, tz)


@contextmanager
def _opened(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection (no SQLAlchemy to import in the child): the app that asks for the
    job has opened, and so migrated, the database."""
    db = connect_at_head(db_path)
    if db is None:
        raise sqlite3.DatabaseError(f"{db_path} is not a database at this version's schema")
    try:
        yield db
    finally:
        db.close()
