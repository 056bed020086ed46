"""The messages that travel up: an answer was checked (item view → review screen), and the
requests screens make of the app, which alone decides which screen comes next.

Screens never import each other: a screen says what happened (a review was asked for, the
queue ran out, the learner wants the decks, a worker failed) and ``StudyApp`` picks the
screen. Each request names the screen it comes from, so a request from a screen that has
already been closed is dropped instead of moving the learner somewhere unexpected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState


@dataclass
class AnswerChecked(Message):
    """An exercise or a derivation has an outcome to rate.

    ``answer`` is None when the learner asked for the solution (then ``verdict`` and
    ``feedback`` are None too); ``feedback`` is the checker's result as stored with the review.
    """

    answer: str | None
    verdict: str | None
    feedback: dict[str, Any] | None
    hints_used: int


# The class an item view carries from the learner's Enter (or Ctrl+S) on, while its answer
# box is closed: the answer is with the checker, or its outcome is shown.
ANSWER_SENT = "-answer-sent"


@dataclass
class ScreenRequest(Message):
    """What a screen asks of the app; ``screen`` is the one asking."""

    screen: Screen[Any]


@dataclass
class OpenReview(ScreenRequest):
    """Review ``deck_id`` (None: every deck), showing ``resume_item`` first if given;
    ``mistakes``: only the exercises with repeated mistakes and their topics' cards."""

    deck_id: str | None
    resume_item: str | None = None
    mistakes: bool = False


@dataclass
class OpenBrowser(ScreenRequest):
    """The learner wants to find items (and act on them)."""


@dataclass
class ShowItem(ScreenRequest):
    """Show ``item_id`` with its whole review history."""

    item_id: str


@dataclass
class QueueFinished(ScreenRequest):
    """Nothing is left to review in ``deck_id`` for now."""

    deck_id: str | None


@dataclass
class BackToDecks(ScreenRequest):
    """The learner is done here and wants the decks."""


@dataclass
class WorkFailed(ScreenRequest):
    """A screen's worker failed: a StoreError ends the session with its message."""

    error: BaseException | None


class ReportsFailures:
    """For screens and widgets whose workers run with ``exit_on_error=False``: a failure goes
    up to the app (worker messages do not bubble), unless its screen has been closed
    meanwhile: a worker that outlives its screen's widgets fails to find them, and that is moot.
    """

    def on_worker_state_changed(self: Widget, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or not self.is_attached:
            return
        screen = self.screen
        if screen in self.app.screen_stack:
            self.post_message(WorkFailed(screen, event.worker.error))
