"""An exercise: prompt, an answer input with a live preview, then the checker's verdict.

The preview parses in a worker thread (the parser is linear-time and size-guarded);
grading goes through ``run_check`` (given by the screen: the app's checker thread, into the
sandbox pool, under a hard time cap). Neither touches the event loop, so a hostile answer
never freezes the UI.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from studyapp.checking import Verdict
from studyapp.checking.reading.latex import math_text
from studyapp.content.answer_test_spec import precision_asked
from studyapp.content.model import Exercise, ExerciseKind
from studyapp.tui.messages import ANSWER_SENT, AnswerChecked

if TYPE_CHECKING:
    from studyapp.checking import GradeResult

PREVIEW_DELAY_S = 0.15
VERDICT_STYLES = {
    Verdict.CORRECT: ("✓ Correct", "bold green"),
    Verdict.INCORRECT: ("✗ Incorrect", "bold red"),
    Verdict.UNDECIDED: ("? The checker could not decide: judge it yourself", "bold yellow"),
    Verdict.INVALID: ("? Could not read that answer", "bold yellow"),
}


class ExerciseView(Vertical):
    """Posts ``AnswerChecked`` once the learner has an outcome to rate (graded or given up)."""

    DEFAULT_CSS = """
    ExerciseView { height: auto; }
    ExerciseView > #preview { color: $text-muted; height: auto; }
    ExerciseView > #verdict, ExerciseView > #solution, ExerciseView > #hints { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Most terminals send Ctrl+H as backspace, so Ctrl+G is the key that always works.
        Binding("ctrl+g,ctrl+h", "hint", "Hint"),
    ]

    def __init__(
        self,
        exercise: Exercise,
        prompt: str,
        params: Mapping[str, object] | None,
        run_check: Callable[..., Awaitable[Any]],
        timeout: float,
    ) -> None:
        """``prompt`` and ``params`` are the version of the exercise drawn for this review;
        ``run_check(fn, *args)`` runs a checker function off the event loop."""
        super().__init__(classes="item-view")
        self.exercise = exercise
        self.prompt = prompt
        self.params = params
        self.run_check = run_check
        self.timeout = timeout
        self.hints_used = 0
        self.retried = False  # the one retry a precision-only mistake allows is used
        self._preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(math_text(self.prompt), id="prompt", classes="question", markup=False)
        yield Static(Text(input_hint(self.exercise), style="dim"), id="input-hint")
        yield Input(
            placeholder="your answer (Enter checks; empty Enter shows the solution)",
            id="answer",
            select_on_focus=False,  # back in the box (Tab), typing continues the answer
        )
        yield Static("", id="preview")
        yield Static("", id="hints")
        yield Static("", id="verdict")
        yield Static("", id="solution", classes="answer")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def checking(self) -> bool:
        """The answer was sent: it is being checked, or its outcome is shown."""
        return self.has_class(ANSWER_SENT)

    def action_hint(self) -> None:
        hints = self.exercise.hints
        if not hints:
            self.notify("This exercise has no hints.")
            return
        if self.hints_used >= len(hints):
            self.notify("No more hints for this exercise.")
            return
        self.hints_used += 1
        shown = "\n".join(
            f"hint {i}: {math_text(h)}" for i, h in enumerate(hints[: self.hints_used], 1)
        )
        self.query_one("#hints", Static).update(Text(shown, style="italic"))

    @on(Input.Changed, "#answer")
    def schedule_preview(self, event: Input.Changed) -> None:
        if not self.checking:  # a verdict speaks of the answer it checked, not of this one
            self.query_one("#verdict", Static).update("")
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY_S, lambda: self.preview(event.value))

    @work(exclusive=True, group="preview", exit_on_error=False)  # no preview is no harm
    async def preview(self, text: str) -> None:
        label = self.query_one("#preview", Static)
        if not text.strip():
            label.update("")
            return
        label.update(await asyncio.to_thread(preview_text, self.exercise, text))

    @on(Input.Submitted, "#answer")
    def submit(self, event: Input.Submitted) -> None:
        if self.checking:
            return
        if not event.value.strip():
            self.give_up()
            return
        self.grade(event.value)

    # Checker failures become an "undecided" verdict below; what is left to fail is a view
    # removed while its check ran (the learner moved on), which must not end the session.
    @work(exclusive=True, group="grade", exit_on_error=False)
    async def give_up(self) -> None:
        self.add_class(ANSWER_SENT)
        await self.finish(None, None)

    @work(exclusive=True, group="grade", exit_on_error=False)
    async def grade(self, answer: str) -> None:
        from studyapp.checking import GradeResult
        from studyapp.checking.exercises import grade_exercise

        self.add_class(ANSWER_SENT)
        self.query_one(Input).disabled = True
        self.query_one("#verdict", Static).update(Text("Checking…", style="italic"))
        try:
            result = await self.run_check(
                grade_exercise, self.exercise, answer, self.params, self.timeout
            )
        except Exception as exc:  # noqa: BLE001 (a checker bug must not end the session)
            result = GradeResult(Verdict.UNDECIDED, f"the checker failed: {exc}")
        self.show_verdict(result)
        retry = result.retry_allowed and not self.retried
        if retry:
            self.retried = True
            self.notify("Only the precision is off: correct it and press Enter again.")
        if result.verdict == Verdict.INVALID or retry:
            self.remove_class(ANSWER_SENT)
            field = self.query_one(Input)
            field.disabled = False
            field.focus()
            return
        await self.finish(answer, result)

    def show_verdict(self, result: GradeResult) -> None:
        title, style = VERDICT_STYLES.get(result.verdict, (result.verdict, "bold"))
        text = Text(title, style=style)
        if result.message and result.message != result.verdict:  # not "✓ Correct / correct"
            text.append("\n" + result.message)
        if result.mistake and result.mistake != "declared":  # declared: the author's words
            text.append(f"\n({result.mistake.replace('-', ' ')})", style="dim")
        self.query_one("#verdict", Static).update(text)

    async def finish(self, answer: str | None, result: GradeResult | None) -> None:
        """Show the canonical answer and hand the outcome to the screen for rating."""
        self.query_one(Input).disabled = True
        expected = result.expected if result is not None and result.expected else None
        shown = await asyncio.to_thread(pretty, self.exercise, expected or self.exercise.answer)
        self.query_one("#solution", Static).update(solution_text(self.exercise, shown))
        verdict, feedback = (result.verdict, result.to_dict()) if result else (None, None)
        self.post_message(AnswerChecked(answer, verdict, feedback, self.hints_used))


def input_hint(exercise: Exercise) -> str:
    if exercise.kind == ExerciseKind.NUMERIC:
        unit = f" (in {exercise.unit})" if exercise.unit else ""
        precision = precision_asked(exercise.test)
        if precision is not None:  # an expression would be refused
            return f"Type a decimal number{unit}, {precision}."
        return f"Type a number or an expression{unit}."
    names = ", ".join(v.name for v in exercise.variables)
    over = f"in {names}" if names else "with no variables"
    return f"Type an expression {over}, as you would write it (x^2, ln x, √x, e^-x, 2x)."


def preview_text(exercise: Exercise, text: str) -> Text:
    """What the parser read, so the learner can fix a typo before submitting."""
    from studyapp.checking.reading import InvalidAnswer, read_exercise_answer

    try:
        reading = read_exercise_answer(exercise, text)
    except InvalidAnswer as exc:
        # Most parser messages already name their column; add it only where one does not.
        named = f"column {exc.column}" in exc.message
        where = f" (column {exc.column})" if exc.column and not named else ""
        return Text(f"✗ {exc.message}{where}", style="yellow")
    preview = Text("you typed: ", style="dim")
    preview.append(reading.shown, style="bold")
    for note in reading.notes:
        preview.append(f"\n  {note}", style="dim italic")
    return preview


def pretty(exercise: Exercise, expression: str) -> str:
    """The canonical answer in unicode math (``sigmoid(x)·(1 − sigmoid(x))``), or as written."""
    from studyapp.checking.reading import InvalidAnswer, parse_answer

    names = [v.name for v in exercise.variables]
    try:
        return parse_answer(expression, names, exercise.functions).interpreted
    except InvalidAnswer:
        return expression


def solution_text(exercise: Exercise, expected: str) -> Text:
    text = Text()
    text.append("Answer: ", style="bold")
    text.append(expected)
    if exercise.unit:
        text.append(f" {exercise.unit}")
    for note in exercise.notes:
        text.append(f"\n{math_text(note)}", style="dim")
    return text
