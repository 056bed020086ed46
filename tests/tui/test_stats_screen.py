"""The statistics screen: key numbers, charts and the HTML export, over a known history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import DataTable
from tui_support import NOW, settle

from studyapp.config import AppConfig
from studyapp.scheduling.service import StudyService
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.stats import StatsScreen

STUDY_DAYS = 12


# The content is this file's own, so other TUI tests' fixtures can change freely.
DECK = """```deck
id: ml
title: Machine learning
```
"""

EXERCISE = """```topic
id: calculus
title: Calculus
```

```exercise
id: sigmoid-slope
kind: symbolic
prompt: Differentiate sigmoid(x) with respect to x.
var: x real (-oo, oo) sample [-3, 3]
answer: sigmoid(x)*(1 - sigmoid(x))
```
"""

CARD_TOPIC = """```topic
id: ensembles
title: Ensembles
```

```cards
Q: What does bagging mainly reduce? {#bagging}
A: Variance.
Q: What does boosting mainly reduce? {#boosting}
A: Bias.
Q: What fraction of samples is out of bag? {#oob}
A: About 1/e.
Q: Which learner does AdaBoost weight up? {#adaboost}
A: The ones with low weighted error.
Q: What does a random forest add to bagging? {#forest}
A: Random feature subsets at each split.
```
"""


def study_history(config: AppConfig) -> None:
    """Twelve days of reviews up to NOW: everything due is studied each day; the ``oob``
    card is forgotten at every review-queue review and the exercise every other one."""
    moment = NOW - timedelta(days=STUDY_DAYS)

    def clock() -> datetime:
        return moment

    with StudyService.open(config, clock=clock, tz=UTC, fuzz=False) as service:
        service.sync()
        for _day in range(STUDY_DAYS):
            start, forgotten = moment, 0
            for _step in range(60):
                entry = service.next_item()
                if entry is None:
                    break
                item_id = entry.item.id
                due_review = entry.state == "review"
                forgot = due_review and (
                    item_id.endswith("oob") or (item_id.endswith("sigmoid-slope") and forgotten % 2)
                )
                forgotten += due_review and item_id.endswith("sigmoid-slope")
                service.rate(
                    item_id,
                    1 if forgot else 3,
                    9_000 + 1_000 * len(item_id),
                    verdict=("incorrect" if forgot else "correct")
                    if item_id.endswith("sigmoid-slope")
                    else None,
                    feedback={"message": "sign error", "mistake": "sign"} if forgot else None,
                )
                moment += timedelta(minutes=15)
            moment = start + timedelta(days=1)


@pytest.fixture
def stats_app(make_config: Callable[[dict[str, str]], AppConfig]) -> StudyApp:
    config = make_config(
        {"ml/deck.md": DECK, "ml/ensembles.md": CARD_TOPIC, "ml/calc.md": EXERCISE}
    )
    study_history(config)
    return create_app(config, clock=lambda: NOW, tz=UTC, fuzz=False)


async def open_stats(pilot) -> None:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)


def test_stats_screen_snapshot(stats_app: StudyApp, snap_compare) -> None:
    assert snap_compare(stats_app, terminal_size=(120, 42), run_before=open_stats)


async def test_t_opens_the_statistics_with_key_numbers(stats_app: StudyApp) -> None:
    async with stats_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        screen = stats_app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.report is not None and screen.report.summary.reviews > STUDY_DAYS
        summary = str(screen.query_one("#stats-summary").render())
        assert "True retention" in summary and "Streak" in summary


async def test_export_writes_the_html_report_in_the_home_folder(stats_app: StudyApp) -> None:
    async with stats_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        await pilot.press("e")
        await settle(pilot)
        saved = list((stats_app.config.home / "reports").glob("studyapp-report-*.html"))
        assert len(saved) == 1
        assert "<svg" in saved[0].read_text(encoding="utf-8")
        assert any(str(saved[0]) in str(n.message) for n in stats_app._notifications)


async def test_escape_goes_back_to_the_decks(stats_app: StudyApp) -> None:
    async with stats_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(stats_app.screen, HomeScreen)


async def test_stats_of_a_fresh_home_show_zeros(cards_app: StudyApp) -> None:
    async with cards_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        summary = str(cards_app.screen.query_one("#stats-summary").render())
        assert "All time 0 reviews" in summary and "True retention –" in summary


async def test_weakest_items_are_only_lapsed_or_below_the_desired_recall(
    stats_app: StudyApp,
) -> None:
    async with stats_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        table = stats_app.screen.query_one("#stats-weakest", DataTable)
        assert [row.value for row in table.rows] == ["oob"]


async def test_a_history_without_lapses_has_nothing_weak(cards_app: StudyApp) -> None:
    async with cards_app.run_test(size=(120, 42)) as pilot:
        await open_stats(pilot)
        table = cards_app.screen.query_one("#stats-weakest", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]).startswith("Nothing weak yet")
