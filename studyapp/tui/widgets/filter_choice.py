"""A drop-down for one filter: the choice shown in a box, its list made when it is opened.

Textual's ``Select`` mounts its option list (an ``OptionList`` overlay) and four more
widgets with it, open or not: the browser's three filters were a third of its opening
time. A filter is mostly left as it is, so this one is a single widget that draws its
choice, and its list is a small screen of its own, made only when the learner opens it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ANY = ""  # the option id of the prompt's choice: no filter


class FilterChoice(Widget, can_focus=True):
    """The chosen option's label (or the prompt when none is chosen) and an arrow; Enter,
    space, down or a click opens the list. ``value`` is the chosen option's value."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", "Choose", show=False),
    ]
    DEFAULT_CSS = """
    FilterChoice {
        height: 3;
        border: tall $border-blurred;
        background: $surface;
        color: $foreground 50%;
        padding: 0 2;
        pointer: pointer;
        &.-has-value {
            color: $foreground;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
    }
    """

    value: reactive[str | None] = reactive(None, init=False)

    class Changed(Message):
        """The learner (or the code) chose another option."""

        def __init__(self, choice: FilterChoice, value: str | None) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> FilterChoice:
            return self.choice

    def __init__(
        self, options: Iterable[tuple[str, str]], prompt: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.options = list(options)  # (label, value)

    def set_options(self, options: Iterable[tuple[str, str]]) -> None:
        """Offer ``options`` instead; a choice no longer offered is cleared."""
        self.options = list(options)
        if self.value is not None and self.value not in (v for _label, v in self.options):
            self.clear()
        self.refresh()

    def clear(self) -> None:
        self.value = None

    def render(self) -> Text:
        labels = {value: label for label, value in self.options}
        label = Text(labels.get(self.value or ANY, self.prompt))
        label.truncate(max(self.content_size.width - 2, 1), overflow="ellipsis", pad=True)
        return label.append(" ▼")

    def watch_value(self, value: str | None) -> None:
        self.set_class(value is not None, "-has-value")
        self.post_message(self.Changed(self, value))

    def action_open(self) -> None:
        choices = ChoiceList(self.prompt, self.options, self.value, self.region)
        self.app.push_screen(choices, self._chosen)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()

    def _chosen(self, chosen: tuple[str | None] | None) -> None:
        """``chosen`` is (the value,) picked, or None when the list was left without one."""
        if chosen is not None and chosen[0] != self.value:
            self.value = chosen[0]


class ChoiceList(ModalScreen[tuple[str | None] | None]):
    """The options of a ``FilterChoice``, under it; Escape or a click elsewhere closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    ChoiceList {
        background: transparent;  /* the app's stylesheet may make screens opaque */
        align: left top;
        & > OptionList {
            width: auto;
            min-width: 18;
            height: auto;
            max-height: 12;
            border: tall $border;
            background: $surface;
        }
    }
    """

    def __init__(
        self,
        prompt: str,
        options: list[tuple[str, str]],
        value: str | None,
        under: Region,
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.options = options
        self.value = value
        self.under = under

    def compose(self) -> ComposeResult:
        yield OptionList(
            Option(self.prompt, id=ANY), *(Option(label, id=value) for label, value in self.options)
        )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.styles.offset = (self.under.x, self.under.bottom)
        options.styles.min_width = self.under.width
        values = [ANY, *(value for _label, value in self.options)]
        options.highlighted = values.index(self.value) if self.value in values else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((event.option.id or None,))

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the list
            self.dismiss(None)
