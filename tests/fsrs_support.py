"""Review logs for the optimiser's tests: the benchmark's synthetic learner, and rows
written straight into a studyapp database."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from studyapp.store.queries.parameter_sets import ParameterSet
from studyapp.store.times import to_millis

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from fsrs_learner import TRUE_PARAMETERS, Learner

__all__ = ["TRUE_PARAMETERS", "Learner", "adopted_set", "learner_log", "write_reviews"]
YEAR_MS = 365 * 86_400_000


def learner_log(
    item_ids: list[str], reviews_per_item: int, now: datetime, seed: int = 7
) -> list[tuple[str, int, int, str]]:
    """The synthetic learner's reviews of ``item_ids``, over the three years before ``now``."""
    start = to_millis(now) - 3 * YEAR_MS
    rows = Learner(TRUE_PARAMETERS, seed).history(len(item_ids), reviews_per_item, start, 365)
    return [(item_ids[int(item[1:])], at, rating, queue) for item, at, rating, queue in rows]


def write_reviews(
    db_path: Path, rows: Iterable[tuple[str, int, int, str]], undone: bool = False
) -> None:
    """Append ``(item_id, reviewed_at ms, rating, queue)`` rows to the review log."""
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue,"
            " state_before, state_after, undone_at) VALUES (?, ?, ?, 5000, ?, '{}', '{}', ?)",
            ((*row, row[1] + 60_000 if undone else None) for row in rows),
        )
    db.close()


def adopted_set(parameters: tuple[float, ...], deck_id: str | None = None) -> ParameterSet:
    return ParameterSet(
        fitted_at=0,
        deck_id=deck_id,
        parameters=parameters,
        reviews=1000,
        log_loss_before=0.4,
        log_loss_after=0.3,
        rmse_before=0.05,
        rmse_after=0.02,
        adopted=True,
    )
