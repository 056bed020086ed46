"""The key bar: the screen's current bindings as one line of text.

Textual's ``Footer`` makes a widget per key, each with its own styles and watchers, and
rebuilds them all whenever the bindings change; on the review screen that was a third of
the work before the first card appeared, and it recurs on every phase change. This app is
driven from the keyboard, so one widget that draws the same hints does the job.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyHints(Widget):
    """Shown keys of the screen's active bindings; disabled ones dimmed, one per action."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-hints--key", "key-hints--description"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
        .key-hints--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-hints--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        hints = Text(" ")
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hint = Text.assemble(
                (self.app.get_key_display(binding), key_style),
                (f" {binding.description}", description_style),
                "  ",
            )
            if not active.enabled:
                hint.stylize("dim")
            hints.append_text(hint)
        return hints
