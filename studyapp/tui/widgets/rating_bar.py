"""The four ratings with the interval each would schedule, and the suggested one marked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from studyapp.scheduling import Rating
from studyapp.tui.format import format_interval


class RatingBar(Horizontal):
    DEFAULT_CSS = """
    RatingBar { height: 3; }
    RatingBar > .rating { width: 1fr; height: 3; content-align: center middle;
                          border: round $panel-lighten-2; }
    RatingBar > .rating.-suggested { border: heavy $accent; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield Static(classes="rating", id=f"rating-{rating.name.lower()}")

    def show(self, intervals: Mapping[Rating, timedelta], suggested: Rating | None) -> None:
        for rating in Rating:
            label = self.query_one(f"#rating-{rating.name.lower()}", Static)
            interval = intervals.get(rating)
            when = format_interval(interval) if interval is not None else "?"
            label.update(f"{int(rating)} {rating.name}  {when}")
            label.set_class(rating == suggested, "-suggested")
