"""A derivation: a multi-line editor with a live ✓/✗/? marker per line.

Typing schedules a debounced check in a worker thread; markers update when it returns, so
typing never waits for the checker. On submit the full report is shown beside the
reference derivation.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from studyapp.content.model import Derivation, Step

if TYPE_CHECKING:
    from studyapp.checking.derivation import DerivationResult

CHECK_DELAY_S = 0.4
MARKERS = {
    "ok": ("✓", "bold green"),
    "wrong": ("✗", "bold red"),
    "unreadable": ("?", "bold yellow"),
}
UNKNOWN_MARKER = ("!", "bold yellow")  # gains/loses solutions and other partial verdicts


class DerivationView(Vertical):
    """Posts ``Checked`` once the derivation was submitted and graded."""

    DEFAULT_CSS = """
    DerivationView { height: auto; }
    DerivationView > #editor-row { height: auto; }
    DerivationView #markers { width: 2; padding-top: 1; }
    DerivationView TextArea { height: auto; width: 1fr; }
    DerivationView #diagnosis, DerivationView #hints { height: auto; margin-top: 1; }
    DerivationView > #report-row { height: auto; margin-top: 1; display: none; }
    DerivationView.-submitted > #report-row { display: block; }
    DerivationView #report, DerivationView #reference { width: 1fr; padding-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit"),
        Binding("ctrl+g,ctrl+h", "hint", "Hint"),
    ]

    class Checked(Message):
        def __init__(self, answer: str, verdict: str, feedback: dict, hints_used: int) -> None:
            super().__init__()
            self.answer = answer
            self.verdict = verdict
            self.feedback = feedback
            self.hints_used = hints_used

    def __init__(self, derivation: Derivation, timeout: float) -> None:
        super().__init__(classes="item-view")
        self.derivation = derivation
        self.timeout = timeout
        self.result: DerivationResult | None = None
        self.hints_used = 0
        self.submitted = False
        self._check_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.derivation.prompt, id="prompt", classes="question", markup=False)
        yield Static(
            Text(
                "One step per line, RELATION: CONTENT (e.g. equal: 2*x, diff x: ..., solve x: ...). "
                "Ctrl+S submits, Ctrl+G gives a hint.",
                style="dim",
            ),
            id="input-hint",
        )
        with Horizontal(id="editor-row"):
            yield Static("", id="markers")
            yield TextArea(starting_text(self.derivation), id="lines", soft_wrap=False)
        yield Static("", id="diagnosis")
        yield Static("", id="hints")
        with Horizontal(id="report-row"):
            yield Static("", id="report")
            yield Static(reference_text(self.derivation), id="reference")

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)
        self.check_lines(self.lines())

    def lines(self) -> list[str]:
        return self.query_one(TextArea).text.splitlines()

    @on(TextArea.Changed)
    def schedule_check(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY_S, lambda: self.check_lines(self.lines()))

    @work(exclusive=True, group="derivation-check")
    async def check_lines(self, lines: list[str]) -> None:
        result = await asyncio.to_thread(self.grade, lines)
        if lines == self.lines():
            self.result = result
            self.show_markers(result)
            self.show_diagnosis()

    def grade(self, lines: list[str]) -> DerivationResult:
        from studyapp.checking.derivation import grade_derivation

        return grade_derivation(self.derivation, lines)

    def show_markers(self, result: DerivationResult) -> None:
        markers = Text()
        for index, _ in enumerate(self.lines()):
            if index:
                markers.append("\n")
            if index < len(result.steps):
                symbol, style = MARKERS.get(result.steps[index].status, UNKNOWN_MARKER)
                markers.append(symbol, style=style)
        self.query_one("#markers", Static).update(markers)

    @on(TextArea.SelectionChanged)
    def show_diagnosis(self) -> None:
        row = self.query_one(TextArea).cursor_location[0]
        label = self.query_one("#diagnosis", Static)
        if self.result is None or row >= len(self.result.steps):
            label.update("")
            return
        step = self.result.steps[row]
        symbol, style = MARKERS.get(step.status, UNKNOWN_MARKER)
        label.update(Text(f"line {row + 1} {symbol} {step.message}", style=style))

    def action_hint(self) -> None:
        hints = self.derivation.hints
        if self.hints_used >= len(hints):
            self.notify("No more hints for this derivation.")
            return
        self.hints_used += 1
        text = "\n".join(f"hint {i + 1}: {h}" for i, h in enumerate(hints[: self.hints_used]))
        self.query_one("#hints", Static).update(Text(text, style="italic"))

    def action_submit(self) -> None:
        if not self.submitted:
            self.submit()

    @work(exclusive=True, group="derivation-check")
    async def submit(self) -> None:
        self.submitted = True
        editor = self.query_one(TextArea)
        editor.read_only = True
        lines = self.lines()
        result = await asyncio.to_thread(self.grade, lines)
        self.result = result
        self.show_markers(result)
        self.query_one("#report", Static).update(report_text(lines, result))
        self.add_class("-submitted")
        self.post_message(
            self.Checked("\n".join(lines), result.verdict, feedback_of(result), self.hints_used)
        )


def starting_text(derivation: Derivation) -> str:
    """The reference's premises: the learner continues from where the author started."""
    givens = [step for step in derivation.steps if step.relation == "given"]
    return "".join(step_line(step) + "\n" for step in givens)


def step_line(step: Step) -> str:
    return f"{step.relation}: {step.content}"


def reference_text(derivation: Derivation) -> Text:
    text = Text("Reference derivation\n", style="bold underline")
    for step in derivation.steps:
        text.append(step_line(step))
        if step.justification:
            text.append(f"   ({step.justification})", style="dim")
        text.append("\n")
    return text


def report_text(lines: list[str], result: DerivationResult) -> Text:
    text = Text("Your derivation\n", style="bold underline")
    for index, line in enumerate(lines):
        status = result.steps[index] if index < len(result.steps) else None
        symbol, style = MARKERS.get(status.status, UNKNOWN_MARKER) if status else ("·", "dim")
        text.append(f"{symbol} ", style=style)
        text.append(line + "\n")
        if status is not None and status.status != "ok" and status.message:
            text.append(f"    {status.message}\n", style=style)
    return text


def feedback_of(result: DerivationResult) -> dict[str, Any]:
    return {
        "first_wrong_step": result.first_wrong_step,
        "steps": [{"status": s.status, "message": s.message} for s in result.steps],
    }
