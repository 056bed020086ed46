import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from studyapp.config import HomeError, Settings
from studyapp.store.database import open_database
from studyapp.store.engine import WAL_AUTOCHECKPOINT_PAGES

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SYNCHRONOUS = {"normal": 1, "full": 2}


def _pragma(engine, name):
    with engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.parametrize("durability", ["normal", "full"])
def test_the_durability_setting_chooses_how_commits_reach_the_disk(config, durability):
    settings = dataclasses.replace(config.settings, durability=durability)
    engine = open_database(dataclasses.replace(config, settings=settings), NOW)
    try:
        assert _pragma(engine, "synchronous") == SYNCHRONOUS[durability]
    finally:
        engine.dispose()


def test_the_default_durability_is_normal():
    assert Settings().durability == "normal"


def test_checkpoints_wait_for_a_large_log(config):
    engine = open_database(config, NOW)
    try:
        assert _pragma(engine, "wal_autocheckpoint") == WAL_AUTOCHECKPOINT_PAGES
    finally:
        engine.dispose()


def test_an_unknown_durability_in_the_settings_file_names_the_file(tmp_path):
    with pytest.raises(HomeError, match=r"config\.toml: durability must be"):
        Settings.from_mapping({"durability": "paranoid"}, base=tmp_path)
