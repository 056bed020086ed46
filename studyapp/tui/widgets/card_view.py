"""A flashcard: the question, and the answer below it once revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Rule, Static

from studyapp.checking.reading.latex import math_text
from studyapp.content.model import Card


class CardView(Vertical):
    DEFAULT_CSS = """
    CardView { height: auto; }
    CardView > #answer-rule, CardView > #back { display: none; }
    CardView.-revealed > #answer-rule, CardView.-revealed > #back { display: block; }
    """

    def __init__(self, card: Card) -> None:
        super().__init__(classes="item-view")
        self.card = card

    def compose(self) -> ComposeResult:
        yield Static(math_text(self.card.front), id="front", classes="question", markup=False)
        yield Rule(id="answer-rule")
        yield Static(math_text(self.card.back), id="back", classes="answer", markup=False)

    @property
    def revealed(self) -> bool:
        return self.has_class("-revealed")

    def reveal(self) -> None:
        self.add_class("-revealed")
