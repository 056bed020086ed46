"""Fixtures for the TUI tests: a temp home over fixed content, a fixed clock.

Async tests run on a fresh event loop through ``pytest_pyfunc_call`` below, so Pilot tests
need no asyncio plugin.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_support import CARDS, DECK, DERIVATION, EXERCISE, NOW

from studyapp.config import AppConfig, load_config
from studyapp.tui.app import StudyApp, create_app


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[[dict[str, str]], AppConfig]:
    """A config over a temp home that loads only the given files (no bundled decks)."""

    def make(files: dict[str, str]) -> AppConfig:
        root = tmp_path / "decks"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return load_config(home=tmp_path / "home", content=[str(root)], include_bundled=False)

    return make


@pytest.fixture
def cards_app(make_config, clock) -> StudyApp:
    config = make_config({"ml/deck.md": DECK, "ml/boosting.md": CARDS})
    return create_app(config, clock=clock, tz=UTC, fuzz=False)


@pytest.fixture
def exercise_app(make_config, clock) -> StudyApp:
    config = make_config({"ml/deck.md": DECK, "ml/calculus.md": EXERCISE})
    return create_app(config, clock=clock, tz=UTC, fuzz=False)


@pytest.fixture
def derivation_app(make_config, clock) -> StudyApp:
    config = make_config({"ml/deck.md": DECK, "ml/adaboost.md": DERIVATION})
    return create_app(config, clock=clock, tz=UTC, fuzz=False)
