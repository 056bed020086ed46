"""Review: one item at a time, rated 1–4, with undo, suspend and edit-in-$EDITOR.

The screen is a small state machine over ``phase``:
``loading`` → ``question`` (card) or ``answering`` (exercise, derivation) → ``rating`` →
``saving`` → the next item. The rating is written on the database thread and awaited, so
an acknowledged review is durable before the next item appears.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from studyapp.checking import Verdict
from studyapp.content.model import Card, Derivation, Exercise, Item
from studyapp.plural import plural
from studyapp.scheduling import Rating
from studyapp.tui.editor import edit_source
from studyapp.tui.messages import (
    ANSWER_SENT,
    AnswerChecked,
    BackToDecks,
    OpenBrowser,
    QueueFinished,
    ReportsFailures,
)
from studyapp.tui.widgets.card_view import CardView
from studyapp.tui.widgets.key_hints import KeyHints
from studyapp.tui.widgets.queue_counts_bar import QueueCountsBar
from studyapp.tui.widgets.rating_bar import RatingBar

if TYPE_CHECKING:
    from studyapp.scheduling.quick import QuickReview
    from studyapp.scheduling.reader import QueueCounts
    from studyapp.tui.app import StudyApp

VERDICT_RATINGS = {
    Verdict.CORRECT: Rating.Good,
    Verdict.INCORRECT: Rating.Again,
    Verdict.INVALID: Rating.Again,
}


class ReviewScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer"),
        Binding("enter", "accept", "Accept", show=False),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("s,exclamation_mark", "suspend", "Suspend"),
        Binding("e", "edit", "Edit"),
        Binding("b", "browse", "Browse"),
        # Two meanings of Esc, the first that applies wins (and names itself in the key line).
        Binding("escape", "leave_answer", "Leave the answer box"),
        Binding("escape", "leave", "Decks"),
    ]

    def __init__(
        self,
        deck_id: str | None,
        resume_item: str | None = None,
        quick: QuickReview | None = None,
        mistakes: bool = False,
    ) -> None:
        """``quick`` (read before the store was opened) is shown first; see ``show_quick``.
        ``mistakes`` reviews the exercises with repeated mistakes (and their topics' cards)
        instead of the queue, each once, without touching the queue otherwise."""
        super().__init__()
        self.deck_id = deck_id
        self.mistakes = mistakes
        self.drill: list[str] | None = None  # the mistakes review's items, read once
        self.resume_item = resume_item
        self.quick = quick
        self.phase = "loading"
        self.item: Item | None = None
        self.state: str | None = None
        self.params: dict[str, Any] | None = None
        self.outcome: dict[str, Any] = {}
        self.suggested: Rating | None = None
        # What this screen did, newest last: ("rate" | "suspend", item id). Undo takes back
        # a suspension made here first; reviews are undone from the log, across sessions.
        self.done: list[tuple[str, str]] = []
        self.shown_at = 0.0

    def compose(self) -> ComposeResult:
        # No title bar: the breadcrumb line says where the item is from, and every row
        # goes to the item (a derivation's editor needs them).
        with Horizontal(id="review-top"):
            yield Static("", id="item-where", markup=False)
            # Apart from the titles, so a narrow screen cuts the titles, never the state.
            yield Static("", id="item-kind", markup=False)
            yield QueueCountsBar(id="counts")
        yield VerticalScroll(id="item")
        yield RatingBar(id="ratings")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(RatingBar).display = False
        if self.resume_item is not None:
            self.show_by_id(self.resume_item)
        elif self.quick is not None:
            self.show_quick(self.quick)
        else:
            self.advance()
        self.warm_checker_for_session()

    @work(group="warm-up", exit_on_error=False)
    async def warm_checker_for_session(self) -> None:
        """Once the store is open, start the checker if this session has anything to check.

        Starting it takes seconds (a process that imports sympy); begun while the learner
        reads the first cards, the first typed answer does not wait for it. A deck of
        cards only never starts it.
        """
        await self.app.backend.started()
        if self.app.backend.service.content.needs_checker(self.deck_id):
            await self._warm_checker()

    @work(group="warm-up", exit_on_error=False)
    async def warm_checker(self) -> None:
        """Start the checker's worker processes while the learner reads the prompt.

        Only when an exercise or derivation is shown, so card-only sessions never pay for it;
        once the pool is warm this returns at once.
        """
        await self._warm_checker()

    async def _warm_checker(self) -> None:
        from studyapp.checking.sandbox import SandboxError, default_pool

        with contextlib.suppress(SandboxError, OSError):  # a failed warm-up only costs speed
            await self.app.backend.check(default_pool().warm)

    # --- phases -------------------------------------------------------------------------

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one(RatingBar).display = phase == "rating"
        # While an answer is being written, the answer box is the only place focus can go
        # (Esc leaves it, Tab comes back): neither Tab nor a click hands the learner's
        # letters to the single-key commands.
        self.query_one("#item", VerticalScroll).can_focus = phase != "answering"
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = {
            "reveal": self.phase == "question",
            "accept": self.phase in ("question", "rating"),
            "rate": self.phase == "rating",
            "undo": self.phase in ("question", "answering", "rating"),
            "suspend": self.phase in ("question", "answering", "rating"),
            "edit": self.phase in ("question", "answering", "rating"),
            "leave_answer": self.in_answer_box(),
        }
        return allowed.get(action, True)

    def on_key(self, event: events.Key) -> None:
        """A learner's typing is never a command: characters typed after Enter, while the
        answer is being checked (its box closed), are dropped, ? and the app's q and t too."""
        if (
            event.is_printable
            and self.phase == "answering"
            and self.query(f"#item > .{ANSWER_SENT}")
        ):
            event.stop()

    # --- showing items ------------------------------------------------------------------

    @work(exclusive=True, group="review", exit_on_error=False)
    async def advance(self) -> None:
        await self._advance()

    async def _advance(self) -> None:
        """Show the next due item, or the finish screen when nothing is left."""
        backend = self.app.backend
        self.set_phase("loading")
        service = await backend.open()
        if self.mistakes:
            await self._next_mistake()
            return
        entry = await backend.call(service.next_item, self.deck_id)
        if entry is None:
            self.post_message(QueueFinished(self, self.deck_id))
            return
        await self._show(entry.item, entry.state)

    async def _next_mistake(self) -> None:
        """The next item of the mistakes review not rated in it yet (an undone rating
        brings its item back); the decks when none is left."""
        backend = self.app.backend
        service = await backend.open()
        if self.drill is None:
            self.drill = await backend.call(service.mistake_drill, self.deck_id)
        rated = {item_id for action, item_id in self.done if action == "rate"}
        # one item read at a time: the stored content unpickles items only when asked
        left = (service.content.item(i) for i in self.drill if i not in rated)
        first = next((item for item in left if item is not None), None)
        if first is None:
            self.notify(
                "No repeated mistakes left to review."
                if self.drill
                else "No repeated mistakes to review: well done."
            )
            self.post_message(BackToDecks(self))
            return
        await self._show(first, await backend.call(service.queue_label, first.id))

    @work(exclusive=True, group="review", exit_on_error=False)
    async def show_by_id(self, item_id: str) -> None:
        backend = self.app.backend
        service = await backend.open()
        item = service.content.item(item_id)
        if item is None:
            await self._advance()
        else:
            await self._show(item, await backend.call(service.queue_label, item_id))

    @work(exclusive=True, group="review", exit_on_error=False)
    async def show_quick(self, quick: QuickReview) -> None:
        """Show the item read before the store was open, then open the store behind it."""
        try:
            await self._show(quick.entry.item, quick.entry.state, quick.counts)
        finally:  # whatever happened on screen, the store must open
            self.call_after_refresh(self.app.backend.start)
        self.reconcile(quick.entry.item)

    @work(group="reconcile", exit_on_error=False)
    async def reconcile(self, shown: Item) -> None:
        """Once the start-up sync is done, make sure the item on screen is still current.

        The quick read predates the sync: if the content file changed meanwhile, show the
        item as it is now (or move on if it was deleted); either way the breadcrumb gains
        the topic's title, which only the loaded content knows.
        """
        await self.app.backend.started()
        if self.item is not shown or self.phase not in ("question", "answering"):
            return
        current = self.app.backend.service.content.item(shown.id)
        if current is None:
            self.advance()
        elif current != shown:
            self.redisplay(current)
        else:
            self.show_where(shown, self.state)

    @work(exclusive=True, group="review", exit_on_error=False)
    async def redisplay(self, item: Item) -> None:
        await self._show(item, self.state)

    async def _show(self, item: Item, state: str | None, counts: QueueCounts | None = None) -> None:
        backend = self.app.backend
        if counts is None:
            service = await backend.open()
            counts = await backend.call(service.remaining, self.deck_id)
        view = await self.view_for(item)
        self.query_one(QueueCountsBar).show(counts.new, counts.learning, counts.review, state)
        self.item, self.state = item, state
        self.outcome, self.suggested = {}, None
        self.show_where(item, state)
        container = self.query_one("#item", VerticalScroll)
        await container.remove_children()
        await container.mount(view)
        container.scroll_home(animate=False)
        self.shown_at = time.monotonic()
        if isinstance(item, Card):
            self.set_phase("question")
        else:
            self.set_phase("answering")
            self.warm_checker()

    async def view_for(self, item: Item) -> Widget:
        """The item's view; an exercise in the version the service drew for this review (its
        seed and values are stored with the review)."""
        self.params = None
        if isinstance(item, Card):
            return CardView(item)
        run_check = self.app.backend.check
        if isinstance(item, Exercise):
            variant = await self.app.backend.exercise_variant(item)
            if variant.problem:
                self.notify(variant.problem, severity="warning")
            self.params = variant.stored
            timeout = self.app.config.settings.check_timeout_s
            from studyapp.tui.widgets.exercise_view import ExerciseView  # lazy: cards first

            return ExerciseView(item, variant.prompt, variant.values, run_check, timeout)
        assert isinstance(item, Derivation)
        from studyapp.tui.widgets.derivation_view import DerivationView  # lazy: a TextArea

        # A whole derivation gets the checker's longer default cap.
        return DerivationView(item, run_check)

    def show_where(self, item: Item, state: str | None) -> None:
        self.query_one("#item-where", Static).update(self.where_text(item))
        kind = str(item.item_kind) + (f" · {state}" if state else "")
        self.query_one("#item-kind", Static).update(f"  ·  {kind}")

    def where_text(self, item: Item) -> str:
        """Deck › topic (the deck alone while the content is still loading)."""
        service = self.app.backend.service
        if service is None:  # shown from the quick read: the deck's title is all we know
            titles = self.quick.deck_titles if self.quick else {}
            parts = [titles.get(item.deck_id, item.deck_id)]
        else:
            deck = service.content.deck(item.deck_id)
            topic = next((t for t in deck.topics if t.id == item.topic_id), None) if deck else None
            parts = [deck.title if deck else item.deck_id]
            if topic is not None:
                parts.append(topic.title)
        return " › ".join(parts)

    # --- answering ----------------------------------------------------------------------

    def action_reveal(self) -> None:
        if self.phase != "question":
            return
        self.query_one(CardView).reveal()
        self.offer_ratings(Rating.Good)

    def action_accept(self) -> None:
        if self.phase == "question":
            self.action_reveal()
        elif self.phase == "rating" and self.suggested is not None:
            self.action_rate(int(self.suggested))

    def on_answer_checked(self, event: AnswerChecked) -> None:
        self.outcome = {
            "answer": event.answer,
            "verdict": event.verdict,
            "feedback": event.feedback,
        }
        if event.verdict is None:  # the learner asked for the solution
            suggestion: Rating | None = Rating.Again
        else:  # undecided: no suggestion, the learner judges
            suggestion = VERDICT_RATINGS.get(event.verdict)
        self.offer_ratings(downgraded(suggestion, event.hints_used))

    def offer_ratings(self, suggested: Rating | None) -> None:
        self.suggested = suggested
        self.set_phase("rating")
        self.set_focus(None)
        self.show_intervals()

    @work(group="intervals", exit_on_error=False)
    async def show_intervals(self) -> None:
        item = self.item
        backend = self.app.backend
        bar = self.query_one(RatingBar)
        bar.show({}, self.suggested)
        service = await backend.open()
        intervals = await backend.call(service.preview_intervals, item.id)
        if item is self.item:
            bar.show(intervals, self.suggested)

    # --- rating, undo, suspend ----------------------------------------------------------

    def action_rate(self, value: int) -> None:
        if self.phase != "rating":
            return
        self.set_phase("saving")
        self.rate(Rating(value))

    @work(exclusive=True, group="review", exit_on_error=False)
    async def rate(self, rating: Rating) -> None:
        backend = self.app.backend
        elapsed_ms = int((time.monotonic() - self.shown_at) * 1000)
        try:
            service = await backend.open()
            record = await backend.call(
                service.rate,
                self.item.id,
                rating,
                elapsed_ms,
                params=self.params,
                **self.outcome,
            )
        except Exception as exc:  # noqa: BLE001 (a failed write is shown, never a traceback)
            self.notify(f"Could not save the review: {exc}", severity="error", timeout=10)
            self.set_phase("rating")
            return
        self.done.append(("rate", record.item_id))
        if record.became_leech:
            self.notify("This item is a leech: it has been suspended.", severity="warning")
        await self._advance()

    def action_undo(self) -> None:
        self.undo()

    @work(exclusive=True, group="review", exit_on_error=False)
    async def undo(self) -> None:
        backend = self.app.backend
        service = await backend.open()
        if self.done and self.done[-1][0] == "suspend":
            item_id = self.done.pop()[1]
            await backend.call(service.unsuspend, item_id)
            self.notify(f"Unsuspended {item_id}.")
        else:
            if self.done:
                self.done.pop()
            item_id = await backend.call(service.undo)
            if item_id is None:
                self.notify("Nothing to undo.")
                return
        item = service.content.item(item_id)
        if item is None:
            await self._advance()
        else:
            await self._show(item, await backend.call(service.queue_label, item_id))

    def action_suspend(self) -> None:
        if self.item is not None:
            self.suspend()

    @work(exclusive=True, group="review", exit_on_error=False)
    async def suspend(self) -> None:
        backend = self.app.backend
        await backend.call((await backend.open()).suspend, self.item.id)
        self.done.append(("suspend", self.item.id))
        self.notify(f"Suspended {self.item.id}; u takes it back.")
        await self._advance()

    # --- editing the source -------------------------------------------------------------

    def action_edit(self) -> None:
        if self.item is not None and edit_source(
            self.app, self.item.source, self.app.config.content_dirs
        ):
            self.resync(self.item.id)

    @work(exclusive=True, group="review", exit_on_error=False)
    async def resync(self, item_id: str) -> None:
        """Reload the edited content and show the item again in its new form."""
        backend = self.app.backend
        service = await backend.open()
        report = await backend.call(service.sync)
        if report.problems:
            self.notify(
                f"{plural(len(report.problems), 'content problem')}: see the decks screen.",
                severity="warning",
            )
        item = service.content.item(item_id)
        if item is None:
            await self._advance()
        else:
            await self._show(item, self.state)

    def in_answer_box(self) -> bool:
        focused = self.focused
        return focused is not None and self.query_one("#item") in focused.ancestors

    def action_leave_answer(self) -> None:
        """Escape first leaves an answer box, so single-key commands work again."""
        self.set_focus(None)
        self.notify("Out of the answer box: keys are commands again; Tab goes back.")

    def action_leave(self) -> None:
        self.post_message(BackToDecks(self))

    def action_browse(self) -> None:
        self.post_message(OpenBrowser(self))


def downgraded(suggestion: Rating | None, hints_used: int) -> Rating | None:
    """Correct with hints is Hard, not Good: the learner did not recall it unaided."""
    return Rating.Hard if suggestion == Rating.Good and hints_used else suggestion
