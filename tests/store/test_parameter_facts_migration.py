"""Migration 0013: the parameter sets adopted before it become facts, in force as before."""

import json
import sqlite3
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from studyapp.scheduling.parameters import FSRS_DEFAULTS, parameters_in_force
from studyapp.store.database import open_database
from studyapp.store.engine import make_engine
from studyapp.store.schema import alembic_config

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
FIRST = (*FSRS_DEFAULTS[:20], 0.3)
SECOND = (*FSRS_DEFAULTS[:20], 0.4)
DECK = (*FSRS_DEFAULTS[:20], 0.5)
REVERTED = (*FSRS_DEFAULTS[:20], 0.6)


def database_at_0008(config) -> None:
    """Fits as 0005 kept them: two adopted for every deck, the later one reverted after a
    third was adopted and reverted; one adopted for deck "d"; one never adopted. Its
    device had synced (every item replayed) before."""
    engine = make_engine(config.db_path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0008")
        fits = [
            (100, None, FIRST, True, None),
            (200, None, SECOND, True, None),
            (300, "d", DECK, True, None),
            (400, None, REVERTED, True, 500),
            (600, None, FSRS_DEFAULTS, False, None),
        ]
        for fitted_at, deck_id, parameters, adopted, reverted_at in fits:
            connection.execute(
                text(
                    "INSERT INTO fsrs_parameters (fitted_at, deck_id, parameters, reviews,"
                    " log_loss_before, log_loss_after, rmse_before, rmse_after, adopted,"
                    " reverted_at) VALUES (:at, :deck, :parameters, 1000, 0.4, 0.3, 0.05, 0.02,"
                    " :adopted, :reverted)"
                ),
                {
                    "at": fitted_at,
                    "deck": deck_id,
                    "parameters": json.dumps(list(parameters)),
                    "adopted": adopted,
                    "reverted": reverted_at,
                },
            )
        connection.execute(
            text("INSERT INTO meta (key, value) VALUES ('remote_replayed_all', '1')")
        )
    engine.dispose()


def test_the_sets_in_force_stay_in_force_as_facts(config):
    database_at_0008(config)
    open_database(config, NOW).dispose()
    with sqlite3.connect(config.db_path) as db:
        assert parameters_in_force(db) == SECOND
        assert parameters_in_force(db, "d") == DECK
        assert parameters_in_force(db, "other") == SECOND
        assert parameters_in_force(db, at=150) == FIRST  # in force over time, as adopted
        assert parameters_in_force(db, at=450) == REVERTED
        keys = db.execute("SELECT key FROM facts ORDER BY written_at").fetchall()
        assert keys == [
            ("parameters",),
            ("parameters",),
            ("parameters:d",),
            ("parameters",),
            ("parameters-reverted",),
        ]
        assert db.execute("SELECT count(*) FROM fsrs_parameters").fetchone() == (5,)


def test_the_next_remote_sync_replays_every_item_with_the_parameters_of_their_time(config):
    database_at_0008(config)
    open_database(config, NOW).dispose()
    with sqlite3.connect(config.db_path) as db:
        assert (
            db.execute("SELECT value FROM meta WHERE key = 'remote_replayed_all'").fetchall() == []
        )
