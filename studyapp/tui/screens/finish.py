"""Shown when nothing is left to review for now: when to come back, the day's figures;
undo still works."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from studyapp.plural import plural
from studyapp.scheduling.queue import LEARN_AHEAD
from studyapp.tui.format import format_duration
from studyapp.tui.messages import BackToDecks, OpenReview, ReportsFailures
from studyapp.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from studyapp.scheduling.reader import DayProgress, Upcoming
    from studyapp.tui.app import StudyApp

REFRESH_S = 30


class FinishScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "leave", "Decks"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("r", "resume", "Review"),
    ]

    def __init__(self, deck_id: str | None) -> None:
        super().__init__()
        self.deck_id = deck_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="finish"):
            yield Static("Congratulations! You have finished for now.", id="finish-title")
            yield Static("", id="finish-next")
            yield Static("", id="finish-progress")
        yield KeyHints()

    def on_mount(self) -> None:
        self.load()
        # Keeps "in 12 min" true while the screen stays open.
        self.set_interval(REFRESH_S, self.load)

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        service = backend.service
        upcoming = await backend.call(service.upcoming, self.deck_id)
        progress = await backend.call(service.today)
        now = backend.clock() if backend.clock is not None else datetime.now(UTC)
        self.query_one("#finish-next", Static).update(next_text(upcoming, now, backend.tz))
        self.query_one("#finish-progress", Static).update(done_text(progress))

    def action_leave(self) -> None:
        self.post_message(BackToDecks(self))

    @work(exclusive=True, exit_on_error=False)
    async def action_resume(self) -> None:
        """Study what has become due (a learning step) without going back to the decks."""
        backend = self.app.backend
        if await backend.call(backend.service.next_item, self.deck_id) is None:
            self.notify("Nothing is due yet: come back when the next item is (see above).")
            return
        self.post_message(OpenReview(self, self.deck_id))

    @work(exclusive=True, exit_on_error=False)
    async def action_undo(self) -> None:
        backend = self.app.backend
        item_id = await backend.call(backend.service.undo)
        if item_id is None:
            self.notify("Nothing to undo.")
            return
        self.post_message(OpenReview(self, self.deck_id, resume_item=item_id))


def next_text(upcoming: Upcoming, now: datetime, tz: tzinfo | None = None) -> str:
    """When to come back: learning steps later today first, then the next day with items due."""
    lines = []
    if upcoming.learning and upcoming.learning_at is not None:
        items = plural(upcoming.learning, "learning item")
        wait = upcoming.learning_at - now
        if wait <= LEARN_AHEAD:
            lines.append(f"Next: {items}, ready now (r to review).")
        else:
            lines.append(f"Next: {items} in {_wait(wait)}.")
    if upcoming.next_day is not None:
        due = plural(upcoming.next_day_count, "item")
        lines.append(f"Next reviews due {_day_name(upcoming, tz)}: {due}.")
    elif not upcoming.learning:
        lines.append("No reviews are scheduled yet.")
    if upcoming.held_back:
        lines.append(
            f"{plural(upcoming.held_back, 'review')} due today wait for tomorrow "
            "(the daily review limit, or a sibling was reviewed today)."
        )
    if upcoming.new_waiting:
        lines.append("More new items tomorrow: today's limit for new items is reached.")
    return "\n".join(lines)


def done_text(progress: DayProgress) -> str:
    if not progress.reviews:
        return "Nothing reviewed yet today."
    again = f"{progress.again} answered Again" if progress.again else "none answered Again"
    return (
        f"Today: {plural(progress.reviews, 'review')} ({progress.new_seen} new) "
        f"in {format_duration(progress.time_spent)}; {again}."
    )


def _wait(wait: timedelta) -> str:
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _day_name(upcoming: Upcoming, tz: tzinfo | None) -> str:
    """``tomorrow``, or ``in 3 days (Thu 5 Mar)``."""
    if upcoming.days_ahead <= 1:
        return "tomorrow"
    start = upcoming.next_day.start.astimezone(tz)
    return f"in {upcoming.days_ahead} days ({start:%a} {start.day} {start:%b})"
