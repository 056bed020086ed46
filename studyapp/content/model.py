"""The typed content model: what a parsed markdown content tree becomes.

Decks contain topics; topics contain cards, exercises and derivations. Every reviewable
item (a card, an exercise, a derivation) has a stable ``id`` that is unique across all
loaded content and keys its review history in the store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache
from operator import attrgetter
from typing import NamedTuple


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where something was written: a file path (as given to the loader) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        # Line 0 stands for a whole file or folder, which has no line to name.
        return f"{self.path}:{self.line}" if self.line else self.path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ContentProblem:
    """A problem an author can act on, reported as ``path:line: message``."""

    source: SourceRef
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.source}: {self.severity}: {self.message}"


class ItemKind(StrEnum):
    CARD = "card"
    EXERCISE = "exercise"
    DERIVATION = "derivation"


class CardKind(StrEnum):
    BASIC = "basic"
    REVERSE = "reverse"  # the back→front sibling of a card written with ``R:``
    CLOZE = "cloze"


class ExerciseKind(StrEnum):
    SYMBOLIC = "symbolic"
    NUMERIC = "numeric"


@dataclass(frozen=True)
class Variable:
    """A declared variable: ``var: e real (0, 1/2)`` or ``var: n integer [1, 200]``.

    Bounds are kept as the author's text (sympy syntax, ``oo`` for infinity) so the
    checker decides how to interpret them; ``sample`` is a finite range for random points.
    """

    name: str
    kind: str = "real"  # "real" | "integer"
    low: str = "-oo"
    high: str = "oo"
    low_open: bool = True
    high_open: bool = True
    sample: tuple[str, str] | None = None

    def interval_text(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{self.low}, {self.high}{right}"

    def domain_text(self) -> str:
        """The variable's domain as ``grade --batch`` ``where`` values spell it."""
        if self.kind == "integer":
            return f"integer {self.interval_text()}"
        return self.interval_text()


@dataclass(frozen=True)
class FunctionDef:
    """``fun: m(u) = tanh(u) + u**2/3``: a concrete stand-in for "any smooth function"."""

    name: str
    params: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class WrongAnswer:
    """A known wrong answer and the misconception it reveals."""

    expression: str
    message: str


@dataclass(frozen=True)
class Alternative:
    """An equivalent form the checker must accept; ``numeric_only`` if sympy cannot prove it."""

    expression: str
    numeric_only: bool = False


@dataclass(frozen=True)
class Variation:
    """``vary: eps = uniform(0.05, 0.45)``: how a parameterised exercise redraws a given;
    ``vary: model, d = rows(("LLaMA-7B", 4096), ...)`` draws facts that belong together."""

    name: str  # for rows: the columns joined by ", "
    distribution: str  # "uniform" | "randint" | "choice" | "rows"
    args: tuple  # floats/ints for uniform/randint, the choices for choice, the rows for rows
    columns: tuple[str, ...] = ()  # rows only: one name per column


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``RELATION: CONTENT | justification``."""

    relation: str  # "given", "equal", "diff x", "solve x", "subs 1,2", "limit x oo", ...
    content: str
    justification: str = ""
    source: SourceRef | None = None


@dataclass(frozen=True)
class Tolerance:
    """How close a typed number must be: relative, absolute, or significant figures.

    ``value == 0`` with ``mode == "rel"`` means exact.
    """

    mode: str = "rel"  # "rel" | "abs" | "sigfig"
    value: float = 1e-9


@dataclass(frozen=True)
class Card:
    id: str
    kind: CardKind
    front: str
    back: str
    deck_id: str
    topic_id: str
    source: SourceRef
    sibling_of: str | None = None  # the note id shared by reverse/cloze siblings
    explicit_id: bool = True
    tags: tuple[str, ...] = ()

    item_kind: ItemKind = field(default=ItemKind.CARD, init=False)

    @property
    def prompt(self) -> str:
        return self.front

    def content_hash(self) -> str:
        return content_hash(self)


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: ExerciseKind
    prompt: str
    answer: str
    deck_id: str
    topic_id: str
    source: SourceRef
    variables: tuple[Variable, ...] = ()
    where: tuple[str, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    wrong_answers: tuple[WrongAnswer, ...] = ()
    givens: tuple[tuple[str, str], ...] = ()  # (name, literal text)
    lets: tuple[tuple[str, str], ...] = ()  # (name, expression text), evaluated in order
    reference: str | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)
    unit: str | None = None
    variations: tuple[Variation, ...] = ()
    test: str | None = None  # an answer test instead of plain equivalence: "sigfigs 3", "factored"
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    item_kind: ItemKind = field(default=ItemKind.EXERCISE, init=False)
    sibling_of: str | None = field(default=None, init=False)

    @property
    def parameterised(self) -> bool:
        return bool(self.variations)

    def content_hash(self) -> str:
        return content_hash(self)


@dataclass(frozen=True)
class Derivation:
    id: str
    prompt: str
    deck_id: str
    topic_id: str
    source: SourceRef
    variables: tuple[Variable, ...] = ()
    where: tuple[str, ...] = ()
    functions: tuple[FunctionDef, ...] = ()
    steps: tuple[Step, ...] = ()  # the reference derivation
    flawed: tuple[Step, ...] = ()  # a complete derivation with exactly one wrong step
    wrong_step: int | None = None  # 1-based index into ``flawed``
    mistake: str = ""
    goal: str | None = None  # defaults to the last reference step's content
    given_name: str | None = None  # what a learner may call the first given expression
    hints: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    item_kind: ItemKind = field(default=ItemKind.DERIVATION, init=False)
    sibling_of: str | None = field(default=None, init=False)

    def content_hash(self) -> str:
        return content_hash(self)


Item = Card | Exercise | Derivation


class ItemRef(NamedTuple):
    """An item known by its id and place only: how a file read from the parse cache brings
    its items (the store keeps the items themselves; see ``Topic.refs``). A tuple: a
    hundred thousand of them unpickle in a blink."""

    id: str
    path: str
    line: int

    @property
    def source(self) -> SourceRef:
        return SourceRef(self.path, self.line)


@dataclass
class Topic:
    id: str
    title: str
    deck_id: str
    source: SourceRef
    zh: str = ""
    summary: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    seeds: tuple[str, ...] = ()
    cards: list[Card] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    # The items of a topic from a file that did not change since the last sync, in
    # authoring order, when only their ids and places were loaded (then the lists above
    # are empty): a sync reads no more of an unchanged file.
    refs: tuple[ItemRef, ...] = ()

    def items(self) -> list[Item]:
        """Reviewable items in authoring order (cards, then exercises, then derivations)."""
        return [*self.cards, *self.exercises, *self.derivations]


@dataclass
class Deck:
    id: str
    title: str
    source: SourceRef
    about: str = ""
    new_per_day: int | None = None  # None: use the user's setting
    reviews_per_day: int | None = None
    topics: list[Topic] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for topic in self.topics for item in topic.items()]


@dataclass
class ContentSet:
    """Everything loaded from the content folders, plus every problem found on the way."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for deck in self.decks for item in deck.items()]

    def by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items() if item.id == item_id), None)

    def needs_checker(self, deck_id: str | None = None) -> bool:
        """Whether an exercise or derivation is among the items (of ``deck_id``)."""
        return any(
            item.item_kind is not ItemKind.CARD and deck_id in (None, item.deck_id)
            for item in self.items()
        )

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)


# Where an item is and what it is called, which the store's sync compares on their own.
_PLACE_AND_NAME = frozenset(
    {"id", "deck_id", "topic_id", "source", "sibling_of", "explicit_id", "item_kind"}
)


def content_hash(item: Item) -> str:
    """A hash of everything the item shows or grades with (hints, units and notes too), so
    any edit to it refreshes the copy the store keeps."""
    return stable_hash(*_hashed_values(type(item))(item))


@cache
def _hashed_values(kind: type) -> attrgetter:
    # Once per class: a sync hashes every item, and ``fields`` builds its tuple each call.
    # (Every item class hashes several fields: the getter gives a tuple.)
    return attrgetter(*(f.name for f in fields(kind) if f.name not in _PLACE_AND_NAME))


def stable_hash(*parts: object) -> str:
    """A short content hash that only changes when the listed parts change."""
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
    return digest[:16]
