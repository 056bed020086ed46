"""A derivation: a multi-line editor with a live marker per line.

The learner writes one expression or equation per line (no labels), starting from what is
given; the checker decides how each line follows from the ones before. Typing schedules a
debounced check in a worker thread (the check itself runs in the sandbox pool), and the
markers update when it returns, so typing never waits for the checker. On submit the full
report is shown beside the reference derivation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, TextArea

from studyapp.checking import Verdict
from studyapp.checking.reading.latex import math_text
from studyapp.content.model import Derivation
from studyapp.tui.messages import ANSWER_SENT, AnswerChecked

if TYPE_CHECKING:
    from studyapp.checking.derivations import DerivationResult, StepResult

CHECK_DELAY_S = 0.4
MARKERS = {
    "given": ("•", "bold blue"),
    "ok": ("✓", "bold green"),
    "wrong": ("✗", "bold red"),
    "implies": ("⇒", "bold yellow"),  # gains solutions
    "implied-by": ("⇐", "bold yellow"),  # loses solutions
    "unreadable": ("?", "bold magenta"),
    Verdict.UNDECIDED: ("?", "bold yellow"),
}
UNKNOWN_MARKER = ("?", "bold yellow")


def marker(step: StepResult) -> tuple[str, str]:
    return MARKERS.get(str(step.status), UNKNOWN_MARKER)


class DerivationView(Vertical):
    """Posts ``AnswerChecked`` once the derivation was submitted and graded."""

    DEFAULT_CSS = """
    DerivationView { height: auto; }
    DerivationView > #editor-row { height: auto; }
    DerivationView #markers { width: 2; padding-top: 1; }
    DerivationView TextArea { height: auto; min-height: 5; width: 1fr; }
    DerivationView #diagnosis, DerivationView #hints { height: auto; margin-top: 1; }
    DerivationView > #report-row { height: auto; margin-top: 1; display: none; }
    DerivationView.-submitted > #report-row { display: block; }
    DerivationView #report, DerivationView #reference { width: 1fr; height: auto; }
    DerivationView #report { padding-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit"),
        # Most terminals send Ctrl+H as backspace, so Ctrl+G is the key that always works.
        Binding("ctrl+g,ctrl+h", "hint", "Hint"),
    ]

    def __init__(
        self,
        derivation: Derivation,
        run_check: Callable[..., Awaitable[Any]],
        timeout: float | None = None,
    ) -> None:
        """``run_check(fn, *args)`` runs a checker function off the event loop."""
        super().__init__(classes="item-view")
        self.derivation = derivation
        self.run_check = run_check
        self.timeout = timeout
        self.result: DerivationResult | None = None
        self.checked_rows: list[int] = []  # editor row of each step result
        self.hints_shown: list[str] = []
        self.submitted = False
        self._check_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(math_text(self.derivation.prompt), id="prompt", classes="question", markup=False)
        yield Static(Text(input_hint(self.derivation), style="dim"), id="input-hint")
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
        self.check_now()

    def written(self) -> list[str]:
        """The editor's lines, blank ones included: the checker numbers lines as rows."""
        return self.query_one(TextArea).text.splitlines()

    @on(TextArea.Changed)
    def schedule_check(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY_S, self.check_now)

    def check_now(self) -> None:
        if not self.submitted:
            self.check_lines()

    # ``grade`` turns checker failures into a result; what is left to fail is a view removed
    # while its check ran (the learner moved on), which must not end the session.
    @work(exclusive=True, group="derivation-check", exit_on_error=False)
    async def check_lines(self) -> None:
        lines = self.written()
        if not any(line.strip() for line in lines):
            return
        result = await self.run_check(self.grade, lines)
        if self.written() == lines:  # stale results would mark the wrong rows
            self.show_result(result)

    def grade(self, lines: list[str]) -> DerivationResult:
        from studyapp.checking.derivations import DerivationResult, grade_derivation

        try:
            return grade_derivation(self.derivation, lines, timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001 (a checker bug must not end the session)
            return DerivationResult.invalid(f"the checker failed: {exc}")

    def show_result(self, result: DerivationResult) -> None:
        rows = [(step.line or index + 1) - 1 for index, step in enumerate(result.steps)]
        self.result, self.checked_rows = result, rows
        by_row = dict(zip(rows, result.steps, strict=True))
        total_rows = max(len(self.query_one(TextArea).text.splitlines()), 1)
        markers = Text()
        for row in range(total_rows):
            if row:
                markers.append("\n")
            if row in by_row:
                symbol, style = marker(by_row[row])
                markers.append(symbol, style=style)
        self.query_one("#markers", Static).update(markers)
        self.show_diagnosis()

    @on(TextArea.SelectionChanged)
    def keep_cursor_in_view(self) -> None:
        """The editor grows with its text, so the screen's scroll must follow the cursor."""
        container = self.parent
        if not isinstance(container, Widget):
            return
        cursor = self.query_one(TextArea).cursor_screen_offset
        y = cursor.y - container.content_region.y + round(container.scroll_y)
        container.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True)

    @on(TextArea.SelectionChanged)
    def show_diagnosis(self) -> None:
        label = self.query_one("#diagnosis", Static)
        result = self.result
        if result is None:
            label.update("")
            return
        if not result.steps:  # the input as a whole could not be checked
            label.update(Text(result.message, style="bold magenta"))
            return
        row = self.query_one(TextArea).cursor_location[0]
        if row not in self.checked_rows:
            label.update("")
            return
        step = result.steps[self.checked_rows.index(row)]
        symbol, style = marker(step)
        label.update(Text(f"{symbol} {step.message}", style=style))

    def action_hint(self) -> None:
        if not self.submitted:
            self.hint()

    @work(exclusive=True, group="derivation-hint", exit_on_error=False)  # no hint is no harm
    async def hint(self) -> None:
        """The author's hints first, then the next reference step after what is written."""
        unused = [h for h in self.derivation.hints if h not in self.hints_shown]
        if unused:
            text: str | None = unused[0]
        else:
            from studyapp.checking.derivations import next_hint

            lines = self.written()
            text = await self.run_check(next_hint, self.derivation, lines, self.timeout)
            text = f"next step: {text}" if text else None
        if text is None or text in self.hints_shown:
            self.notify("No more hints: your lines already reach the last step.")
            return
        self.hints_shown.append(text)
        hints = "\n".join(
            f"hint {i}: {math_text(h)}" for i, h in enumerate(self.hints_shown, start=1)
        )
        self.query_one("#hints", Static).update(Text(hints, style="italic"))

    def action_submit(self) -> None:
        if not self.submitted:
            self.submitted = True
            self.submit()

    @work(exclusive=True, group="derivation-check", exit_on_error=False)
    async def submit(self) -> None:
        self.add_class(ANSWER_SENT)
        self.query_one(TextArea).read_only = True
        lines = self.written()
        result = await self.run_check(self.grade, lines)
        self.show_result(result)
        self.query_one("#report", Static).update(report_text(lines, result))
        self.add_class("-submitted")
        self.query_one("#report-row").scroll_visible(animate=False)
        answer = "\n".join(lines).rstrip()  # as typed, so stored line numbers match it
        self.post_message(
            AnswerChecked(answer, result.verdict, result.to_dict(), len(self.hints_shown))
        )


def input_hint(derivation: Derivation) -> str:
    name = derivation.given_name
    refer = (
        f"The given expression is called {name}; use it from the first line: diff({name}, …) = 0."
        if name
        else "To refer to an expression by name, write L = … first."
    )
    return (
        "One expression or equation per line, starting from what is given "
        f"(x**2, log, exp, diff(f, x)). {refer} Ctrl+S submits, Ctrl+G gives a hint."
    )


def starting_text(derivation: Derivation) -> str:
    """The reference's premises: the learner continues from where the author started."""
    steps = shown_steps(derivation)
    return "".join(f"{content}\n" for (relation, content, _) in steps if relation == "given")


def reference_text(derivation: Derivation) -> Text:
    text = Text("Reference derivation\n", style="bold underline")
    for _, content, justification in shown_steps(derivation):
        text.append(content)
        if justification:
            text.append(f"   ({justification})", style="dim")
        text.append("\n")
    return text


def shown_steps(derivation: Derivation) -> list[tuple[str, str, str]]:
    """(relation, content, justification) per reference step, the given expression that
    ``name:`` names written as ``NAME = expression``."""
    steps = [(s.relation, s.content, s.justification) for s in derivation.steps]
    name = derivation.given_name
    # The first given that is neither an equation nor an inequality, as the checker reads it.
    index = next(
        (
            i
            for i, (relation, content, _) in enumerate(steps)
            if relation == "given" and not any(op in content for op in "=<>")
        ),
        None,
    )
    if name is not None and index is not None:
        relation, content, justification = steps[index]
        steps[index] = (relation, f"{name} = {content}", justification)
    return steps


def report_text(lines: list[str], result: DerivationResult) -> Text:
    """The verdict, then each editor row numbered as the messages number it."""
    title, style = {
        Verdict.CORRECT: ("✓ Correct", "bold green"),
        Verdict.INCORRECT: ("✗ Incorrect", "bold red"),
    }.get(result.verdict, ("? Could not be checked", "bold magenta"))
    text = Text(f"{title}: {result.message}\n", style=style)
    text.append("Your derivation\n", style="bold underline")
    by_line = {step.line or index + 1: step for index, step in enumerate(result.steps)}
    width = len(str(len(lines)))
    for number, line in enumerate(lines, start=1):
        step = by_line.get(number)
        symbol, line_style = marker(step) if step else ("·" if line.strip() else " ", "dim")
        text.append(f"{number:>{width}} ", style="dim")
        text.append(f"{symbol} ", style=line_style)
        text.append(line + "\n")
        if step is not None and not step.good and step.message:
            text.append(f"    {step.message}\n", style=line_style)
    return text
