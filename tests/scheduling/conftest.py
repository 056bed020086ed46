"""Fixtures for scheduling tests: a synced service on a fresh home and a settable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from sched_helpers import Clock, DeckSpec, build_content

from studyapp.config import AppConfig, Settings
from studyapp.scheduling.service import StudyService


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_service(tmp_path: Path, clock: Clock) -> Iterator[Callable[..., StudyService]]:
    """``make_service(*decks, **settings)``: a synced service on a fresh home."""
    opened: list[StudyService] = []

    def make(*specs: DeckSpec, **settings: object) -> StudyService:
        config = AppConfig(
            home=tmp_path / "home", include_bundled=False, settings=Settings(**settings)
        )
        config.home.mkdir(exist_ok=True)
        service = StudyService.open(config, clock=clock, tz=UTC, fuzz=False)
        opened.append(service)
        service.sync_content(build_content(*specs))
        return service

    yield make
    for service in opened:
        service.close()
