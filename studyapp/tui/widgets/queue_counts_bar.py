"""What is left in the session: new · learning · review, with the current queue underlined."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

STYLES = {"new": "bold blue", "learning": "bold red", "review": "bold green"}


class QueueCountsBar(Static):
    DEFAULT_CSS = "QueueCountsBar { width: auto; height: 1; padding-left: 2; }"

    def show(self, new: int, learning: int, review: int, current: str | None) -> None:
        # "relearning" items sit in the learning count, as in Anki.
        current = "learning" if current == "relearning" else current
        text = Text()
        for name, value in (("new", new), ("learning", learning), ("review", review)):
            if text:
                text.append(" · ")
            style = STYLES[name] + (" underline" if name == current else "")
            text.append(f"{name.capitalize()} {value}", style=style)
        self.update(text)
