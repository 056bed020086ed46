"""Statistics (key ``t``): key numbers, charts of the review log, the weakest items.

The report is computed off the event loop on a connection of its own (SQLite in WAL mode
lets it read while the study service writes); ``e`` saves the HTML report in the data
folder's ``reports/``. ``o`` fits the scheduler's parameters to the review log and ``w``
simulates the workload of each desired retention, both in a child process (fsrs-rs holds
the interpreter while it works), so the app, and any review, goes on meanwhile.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual_plotext import PlotextPlot

from studyapp.plural import plural
from studyapp.report.render.text import duration, percent
from studyapp.store.errors import StoreError
from studyapp.tui.messages import ReportsFailures
from studyapp.tui.widgets.fit_panel import fit_text, outcome_message, progress_text, workload_text
from studyapp.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from studyapp.report import Report
    from studyapp.report.model import WeakItem
    from studyapp.scheduling.fitting.optimize import FitStatus
    from studyapp.tui.app import StudyApp

CHART_DAYS = 30
WEAK_ROWS = 8
LABEL_CHARS = 36


class StatsScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back"),
        Binding("e", "export", "Export HTML"),
        Binding("o", "optimize", "Optimize"),
        Binding("w", "workload", "Workload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        weakest = DataTable(id="stats-weakest", cursor_type="none", zebra_stripes=True)
        weakest.border_title = "Weakest items"
        # the item column at its full width from the start, not widened when rows come in
        # (a repaint in between would show it narrow)
        weakest.add_column("Item", key="Item", width=LABEL_CHARS)
        for column in ("Lapses", "Recall"):
            weakest.add_column(column, key=column)
        mistakes = DataTable(id="stats-mistakes", cursor_type="none", zebra_stripes=True)
        mistakes.border_title = "Recurring mistakes"
        for column in ("Exercise", "Mistake", "Times", "Resolved"):
            mistakes.add_column(column, key=column)
        with Vertical(id="stats"):
            yield Static("Computing statistics…", id="stats-summary")
            yield Static("", id="stats-fit")
            with Grid(id="stats-charts"):
                yield PlotextPlot(id="stats-activity")
                yield PlotextPlot(id="stats-forecast")
                yield PlotextPlot(id="stats-retention")
                yield weakest
            yield mistakes
        yield KeyHints()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="stats", exit_on_error=False)
    async def load(self) -> None:
        from studyapp.report.build import topic_titles_of
        from studyapp.report.export import load_report

        backend = self.app.backend
        try:
            service = await backend.open()  # the store is opened and synced once; this waits
        except StoreError as exc:
            self.query_one("#stats-summary", Static).update(str(exc))
            return
        try:
            self.report = await asyncio.to_thread(
                load_report,
                self.app.config,
                now=self._now(),
                tz=backend.tz,
                topic_titles=topic_titles_of(service.content),
            )
            status = await asyncio.to_thread(self._fit_status)
        except (SQLAlchemyError, sqlite3.Error) as exc:
            self.query_one("#stats-summary", Static).update(f"Statistics unavailable: {exc}")
            return
        self.show(self.report)
        self.query_one("#stats-fit", Static).update(fit_text(status))

    def _fit_status(self) -> FitStatus:
        from studyapp.scheduling.fitting.optimize import fit_status
        from studyapp.store.engine import make_engine

        engine = make_engine(self.app.config.db_path)
        try:
            with engine.connect() as connection:
                return fit_status(connection)
        finally:
            engine.dispose()

    @work(exclusive=True, group="stats-fit", exit_on_error=False)
    async def action_optimize(self) -> None:
        from studyapp.scheduling.fitting.child import run_in_child
        from studyapp.scheduling.fitting.jobs import optimize_database

        panel = self.query_one("#stats-fit", Static)
        panel.update(progress_text(0, 1, "starting"))

        def progress(done: int, total: int, stage: str) -> None:
            self.app.call_from_thread(panel.update, progress_text(done, total, stage))

        config, backend = self.app.config, self.app.backend
        try:
            outcome = await asyncio.to_thread(
                run_in_child,
                optimize_database,
                config.db_path,
                rollover_hour=config.settings.rollover_hour,
                now=self._now(),
                tz=backend.tz,
                progress=progress,
            )
        except RuntimeError as exc:
            self.notify(f"Optimising failed: {exc}", severity="error", timeout=10)
        else:
            self.notify(outcome_message(outcome), title="Optimise", timeout=10)
        self.load()  # the report's recall and the fit line follow the parameters in force

    @work(exclusive=True, group="stats-fit", exit_on_error=False)
    async def action_workload(self) -> None:
        from studyapp.scheduling.fitting.child import run_in_child
        from studyapp.scheduling.fitting.jobs import workload_of

        panel = self.query_one("#stats-fit", Static)
        panel.update("Simulating the workload of each desired retention…")
        config = self.app.config
        try:
            result = await asyncio.to_thread(
                run_in_child, workload_of, config.db_path, settings=config.settings
            )
        except RuntimeError as exc:
            self.notify(f"Simulation failed: {exc}", severity="error", timeout=10)
            return
        panel.update(workload_text(result, config.settings.desired_retention))

    def show(self, report: Report) -> None:
        self.query_one("#stats-summary", Static).update(summary_text(report))
        # Every one of the last days, idle ones included (the heatmap's days are filled in).
        days = report.heatmap[-CHART_DAYS:]
        bar_chart(
            self.query_one("#stats-activity", PlotextPlot),
            f"Reviews per day (last {plural(len(days), 'day')})",
            [f"{d.day:%d/%m}" for d in days],
            [d.reviews for d in days],
        )
        bar_chart(
            self.query_one("#stats-forecast", PlotextPlot),
            f"Due in the next {plural(len(report.forecast), 'day')}",
            [f"{f.day:%d/%m}" for f in report.forecast],
            [f.due for f in report.forecast],
        )
        retention_chart(self.query_one("#stats-retention", PlotextPlot), report)
        table = self.query_one("#stats-weakest", DataTable)
        table.clear()
        rows = weakest_rows(report)
        if not rows:
            table.add_row("Nothing weak yet.", "", "")
        for item in rows:
            label = (
                item.label
                if len(item.label) <= LABEL_CHARS
                else item.label[: LABEL_CHARS - 1] + "…"
            )
            table.add_row(
                label,
                str(item.lapses),
                percent(item.retrievability, 0),
                key=item.id,
            )

        self.show_mistakes(report)

    def show_mistakes(self, report: Report) -> None:
        """The mistakes made more than once, with the ids that find their exercises."""
        table = self.query_one("#stats-mistakes", DataTable)
        table.clear()
        table.display = bool(report.recurring_mistakes)
        for m in report.recurring_mistakes:
            table.add_row(m.exercise, m.mistake, str(m.count), "yes" if m.resolved else "no")

    def action_leave(self) -> None:
        self.app.pop_screen()

    @work(exclusive=True, group="stats-export", exit_on_error=False)
    async def action_export(self) -> None:
        from studyapp.report.export import save_html

        if self.report is None:
            self.notify("The statistics are still being computed.")
            return
        try:
            path = await asyncio.to_thread(save_html, self.report, self.app.config.home)
        except OSError as exc:
            self.notify(f"Could not save the report: {exc}", severity="error", timeout=10)
            return
        self.notify(f"Report saved to {path}", title="HTML report", timeout=10)

    def _now(self) -> datetime:
        clock = self.app.backend.clock
        return clock() if clock is not None else datetime.now(UTC)


def summary_text(report: Report) -> Text:
    s = report.summary
    retention_style = (
        "bold"
        if s.true_retention is None
        else "bold green"
        if s.true_retention >= s.desired_retention
        else "bold yellow"
    )
    return Text.assemble(
        ("Today ", "bold"),
        f"{plural(s.reviews_today, 'review')} · due {s.due_today} today, {s.due_tomorrow} tomorrow\n",
        ("Streak ", "bold"),
        f"{plural(s.current_streak, 'day')} (longest {s.longest_streak}) · ",
        ("All time ", "bold"),
        f"{plural(s.reviews, 'review')} in {duration(s.time_ms)}\n",
        ("True retention ", "bold"),
        (percent(s.true_retention), retention_style),
        f" (desired {percent(s.desired_retention, 0)}) · ",
        ("Recall now ", "bold"),
        f"{percent(s.mean_retrievability)} · ",
        ("Items ", "bold"),
        f"{s.items:,}: {s.new:,} new, {s.learning:,} learning, {s.review:,} review, "
        f"{s.mature:,} mature · leeches: {s.leeches}",
    )


def bar_chart(widget: PlotextPlot, title: str, labels: list[str], values: list[int]) -> None:
    plt = widget.plt
    plt.clear_data()
    plt.title(title)
    positions = list(range(len(values)))
    plt.bar(positions, values, marker="hd", width=0.6)
    # Few, well-spaced ticks: plotext places labels that nearly touch differently from
    # run to run.
    step = max(1, len(labels) // 4)
    plt.xticks(positions[::step], labels[::step])
    top = max(values, default=0) + 1
    plt.ylim(0, top)
    plt.yticks(_count_ticks(top))  # counts: whole numbers, not 1.5, 4.5, …
    widget.refresh()


def _count_ticks(top: int, most: int = 6) -> list[int]:
    step = max(1, -(-top // most))
    return list(range(0, top + 1, step))


def retention_chart(widget: PlotextPlot, report: Report) -> None:
    """True retention per deck (by id: titles may be long or wide) as horizontal bars."""
    plt = widget.plt
    plt.clear_data()
    target = report.summary.desired_retention
    rows = [r for r in report.retention if r.overall.rate is not None]
    if not rows:
        plt.title("True retention: no reviews of graduated items yet")
    else:
        plt.title(f"True retention by deck, % (desired {target:.0%})")
        plt.bar(
            [r.deck_id or "all" for r in rows],
            [round(r.overall.rate * 100, 1) for r in rows],
            orientation="horizontal",
            width=0.5,
        )
        plt.xlim(0, 100)
    widget.refresh()


def weakest_rows(report: Report) -> list[WeakItem]:
    """Leeches first, then the most lapsed, then the least likely to be recalled; an item
    never forgotten and still above the desired retention is not weak, whatever its rank."""
    weakest = report.weakest
    desired = report.summary.desired_retention
    seen: set[str] = set()
    rows: list[WeakItem] = []
    for item in (*weakest.leeches, *weakest.most_lapses, *weakest.lowest_retrievability):
        recall = item.retrievability
        weak = item.leech or item.lapses > 0 or (recall is not None and recall < desired)
        if weak and item.id not in seen:
            seen.add(item.id)
            rows.append(item)
    return rows[:WEAK_ROWS]
