"""The optimiser's work for an app that must stay responsive: run in a child process.

fsrs-rs holds Python's global interpreter lock while it fits, scores or simulates (a
second on a large log), so a thread would freeze the app's screen meanwhile. These jobs
open the database on their own connection in a fresh process; ``child.run_in_child``
relays their progress and returns their result.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from studyapp.config import Settings
from studyapp.scheduling.fitting.optimize import Outcome, Progress, optimize
from studyapp.scheduling.fitting.workload import Workload, workload_in
from studyapp.store.engine import make_engine


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
    engine = make_engine(db_path)
    try:
        with engine.begin() as connection:
            return optimize(
                connection,
                rollover_hour=rollover_hour,
                now=now,
                deck_id=deck_id,
                tz=tz,
                progress=progress,
            )
    finally:
        engine.dispose()


def workload_of(
    db_path: Path, *, settings: Settings, tz: tzinfo | None = None, progress: Progress | None = None
) -> Workload:
    """The simulated workload of each desired retention with the parameters in force, for
    every deck's items at the daily new-item limits (as ``studyapp optimize --retention``)."""
    engine = make_engine(db_path)
    try:
        with engine.connect() as connection:
            return workload_in(connection, settings, None, tz)
    finally:
        engine.dispose()
