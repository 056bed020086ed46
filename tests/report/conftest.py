"""Fixtures for report tests: an empty history over a fresh home (UTC, rollover hour 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_support import History, make_config


@pytest.fixture
def history(tmp_path: Path) -> History:
    return History(make_config(tmp_path / "home", rollover_hour=4, desired_retention=0.9))
