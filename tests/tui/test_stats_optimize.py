"""Optimising from the statistics screen: in the background, then in force at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_support import learner_log, write_reviews
from tui_support import NOW, settle

from studyapp.config import AppConfig
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.scheduling.service import StudyService
from studyapp.store.engine import driver, make_engine
from studyapp.tui.app import StudyApp, create_app

ITEMS = 300
CARDS = "\n".join(f"Q: Question {n}? {{#c{n}}}\nA: Answer {n}." for n in range(ITEMS))
DECK = f"""```deck
id: ml
title: Machine learning
```

```topic
id: t
title: Topic
```

```cards
{CARDS}
```
"""


@pytest.fixture
def long_history_app(make_config: Callable[[dict[str, str]], AppConfig]) -> StudyApp:
    config = make_config({"ml/deck.md": DECK})
    with StudyService.open(config, clock=lambda: NOW) as service:
        service.sync()
    write_reviews(config.db_path, learner_log([f"c{n}" for n in range(ITEMS)], 10, NOW))
    return create_app(config, clock=lambda: NOW, fuzz=False)


def in_force(config: AppConfig) -> tuple[float, ...]:
    engine = make_engine(config.db_path)
    try:
        with engine.connect() as connection:
            return parameters_in_force(driver(connection))
    finally:
        engine.dispose()


async def wait_for_text(pilot, selector: str, text: str, seconds: float = 120) -> str:
    """The widget's text once it contains ``text`` (the work runs in a child process)."""
    shown = ""
    for _ in range(int(seconds / 0.1)):
        shown = str(pilot.app.screen.query_one(selector).render())
        if text in shown:
            return shown
        await asyncio.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the widget shows {shown!r}")


async def test_the_stats_screen_suggests_optimising_a_long_history(long_history_app) -> None:
    async with long_history_app.run_test(size=(120, 42)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        shown = await wait_for_text(pilot, "#stats-fit", "Scheduler")
        assert "FSRS's default parameters" in shown and "press o to optimise" in shown


async def test_o_fits_in_the_background_and_puts_the_parameters_in_force(
    long_history_app,
) -> None:
    async with long_history_app.run_test(size=(120, 42)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await wait_for_text(pilot, "#stats-fit", "Scheduler")
        await pilot.press("o")
        await wait_for_text(pilot, "#stats-fit", "Optimising")
        shown = await wait_for_text(pilot, "#stats-fit", "your parameters")
        assert "press o" not in shown
    assert in_force(long_history_app.config) != tuple(DEFAULT_PARAMETERS)


async def test_w_shows_the_reviews_per_day_of_each_retention(long_history_app) -> None:
    async with long_history_app.run_test(size=(120, 42)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await wait_for_text(pilot, "#stats-fit", "Scheduler")
        await pilot.press("w")
        shown = await wait_for_text(pilot, "#stats-fit", "least time per item")
        assert "90%:" in shown and "← desired" in shown
