"""Turn one markdown file into decks, topics and items, collecting problems instead of raising."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from studyapp.content import fields
from studyapp.content.answer_test_spec import answer_test_problem
from studyapp.content.blocks import Block, Entry, find_blocks
from studyapp.content.cloze import cloze_back, cloze_numbers, render_cloze
from studyapp.content.fields import ID_RE, FieldError
from studyapp.content.formulas import TEXT_TESTS, formula_problem
from studyapp.content.model import (
    Card,
    CardKind,
    ContentProblem,
    Deck,
    Derivation,
    Exercise,
    ExerciseKind,
    SourceRef,
    Topic,
    stable_hash,
)
from studyapp.content.placeholders import numeric_columns, prompt_problems

# Starts with its literal `{#` so that `search` skips ahead to it (a leading `\s*` made the
# regex engine try every position of every card line); the text before it is rstripped.
_CARD_ID_RE = re.compile(r"\{#(?P<id>[^}\s]*)\}\s*$")
_KNOWN_KEYS = {
    "deck": {"id", "title", "about", "new-per-day", "reviews-per-day"},
    "topic": {"id", "title", "zh", "seeds", "summary", "note"},
    "exercise": {
        "id", "kind", "prompt", "var", "where", "fun", "answer", "alt", "wrong", "given", "let",
        "reference", "tolerance", "unit", "vary", "test", "hint", "note", "tags",
    },
    "derivation": {
        "id", "prompt", "var", "where", "fun", "step", "flawed", "wrong-step", "mistake", "goal",
        "name", "hint", "note", "tags",
    },
}
T = TypeVar("T")


@dataclass(frozen=True)
class IdFix:
    """An id that ``studyapp check --fix`` writes into the file.

    ``mode == "suffix"``: append `` {#id}`` to line ``line``; ``"insert"``: insert
    ``id: ID`` as a new line after line ``line`` (the opening fence).
    """

    line: int
    mode: str
    item_id: str


@dataclass
class ParsedFile:
    """Everything one file declares; ``topics`` are those outside an in-file ```deck block."""

    path: str
    default_deck: str = ""  # the folder's deck id the file was parsed with
    decks: list[Deck] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    problems: list[ContentProblem] = field(default_factory=list)
    fixes: list[IdFix] = field(default_factory=list)


class _FileParser:
    def __init__(self, path: str, default_deck: str) -> None:
        self.result = ParsedFile(path=path, default_deck=default_deck)
        self.deck: Deck | None = None
        self.topic: Topic | None = None

    def problem(self, line: int, message: str) -> None:
        self.result.problems.append(ContentProblem(SourceRef(self.result.path, line), message))

    def ref(self, line: int) -> SourceRef:
        return SourceRef(self.result.path, line)

    def parse(self, text: str) -> ParsedFile:
        for block in find_blocks(text):
            for line, message in block.errors:
                self.problem(line, message)
            self._check_keys(block)
            handler = getattr(self, f"_{block.kind}")
            handler(block)
        return self.result

    def _check_keys(self, block: Block) -> None:
        known = _KNOWN_KEYS.get(block.kind)
        if known is None:
            return
        for entry in block.entries:
            if entry.key not in known:
                self.problem(
                    entry.line,
                    f"unknown key `{entry.key}` in {block.kind} block (known: {', '.join(sorted(known))})",
                )

    def _required(self, block: Block, key: str) -> Entry | None:
        entry = block.first(key)
        if entry is None or not entry.value:
            self.problem(block.line, f"{block.kind} block has no `{key}:`")
            return None
        return entry

    def _block_id(self, block: Block, fallback_text: str) -> tuple[str, bool]:
        entry = block.first("id")
        if entry is not None and entry.value:
            if not ID_RE.fullmatch(entry.value):
                self.problem(entry.line, f"id `{entry.value}` must use lowercase letters, digits, `-`, `.` or `_`")
            return entry.value, True
        topic = self.topic.id if self.topic else "item"
        generated = f"{topic}-{stable_hash(fallback_text)[:8]}"
        self.result.fixes.append(IdFix(block.line, "insert", generated))
        return generated, False

    def _parse_each(self, entries: list[Entry], parse: Callable[[str], T]) -> tuple[T, ...]:
        values = []
        for entry in entries:
            try:
                values.append(parse(entry.value))
            except FieldError as exc:
                self.problem(entry.line, str(exc))
        return tuple(values)

    def _texts(self, block: Block, key: str) -> tuple[str, ...]:
        return tuple(e.value for e in block.values(key))

    def _deck(self, block: Block) -> None:
        id_entry = self._required(block, "id")
        if id_entry is None:
            return
        limits = {}
        for key in ("new-per-day", "reviews-per-day"):
            entry = block.first(key)
            if entry is None:
                continue
            if entry.value.isdigit():
                limits[key.replace("-", "_")] = int(entry.value)
            else:
                self.problem(entry.line, f"`{key}` must be a whole number, got `{entry.value}`")
        title = block.first("title")
        about = block.first("about")
        self.deck = Deck(
            id=id_entry.value,
            title=title.value if title else id_entry.value,
            source=self.ref(block.line),
            about=about.value if about else "",
            **limits,
        )
        self.result.decks.append(self.deck)
        self.topic = None

    def _topic(self, block: Block) -> None:
        id_entry = self._required(block, "id")
        if id_entry is None:
            self.topic = None
            return
        title = block.first("title")
        zh = block.first("zh")
        seeds = block.first("seeds")
        self.topic = Topic(
            id=id_entry.value,
            title=title.value if title else id_entry.value,
            deck_id=self.deck.id if self.deck else self.result.default_deck,
            source=self.ref(block.line),
            zh=zh.value if zh else "",
            summary=self._texts(block, "summary"),
            notes=self._texts(block, "note"),
            seeds=tuple(s.strip() for s in seeds.value.split(",")) if seeds else (),
        )
        if self.deck is not None:
            self.deck.topics.append(self.topic)
        else:
            self.result.topics.append(self.topic)

    def _need_topic(self, block: Block) -> Topic | None:
        if self.topic is None:
            self.problem(block.line, f"{block.kind} block comes before any ```topic block in this file")
        return self.topic

    def _cards(self, block: Block) -> None:
        topic = self._need_topic(block)
        if topic is None:
            return
        pending: Entry | None = None
        cloze: Entry | None = None  # a `C:` line just read, which an `A:` may follow
        for entry in block.entries:
            if entry.key == "a" and pending is None and cloze is not None:
                self._add_cloze_extra(topic, cloze, entry.value)
            elif entry.key in ("q", "r"):
                if pending is not None:
                    self.problem(pending.line, "card has no `A:` line")
                pending = entry
            elif entry.key == "a":
                if pending is None:
                    self.problem(entry.line, "`A:` without a `Q:`, `R:` or `C:` before it")
                else:
                    self._add_basic(topic, pending, entry.value)
                pending = None
            elif entry.key == "c":
                self._add_cloze(topic, entry)
            elif entry.key == "tags" and pending is None:
                self._tag_last_card(topic, block, entry)
            else:
                self.problem(entry.line, f"cards blocks hold `Q:`/`A:`, `R:`/`A:`, `C:` (and its `A:`) and `tags:` lines, not `{entry.key}:`")
            cloze = entry if entry.key == "c" else None
        if pending is not None:
            self.problem(pending.line, "card has no `A:` line")

    def _tag_last_card(self, topic: Topic, block: Block, entry: Entry) -> None:
        """``tags: a b`` after a card gives it (and its reverse or cloze siblings) tags."""
        last = topic.cards[-1] if topic.cards else None
        if last is None or last.source.line <= block.line:
            self.problem(entry.line, "`tags:` comes before any card in this cards block")
            return
        tags = tuple(entry.value.split())
        for index in range(len(topic.cards) - 1, -1, -1):
            if topic.cards[index].source.line != last.source.line:
                break
            topic.cards[index] = replace(topic.cards[index], tags=tags)

    def _add_cloze_extra(self, topic: Topic, cloze: Entry, extra: str) -> None:
        """``A:`` after a ``C:`` line: more text shown under each of its cards' answers."""
        for index in range(len(topic.cards) - 1, -1, -1):
            card = topic.cards[index]
            if card.source.line != cloze.line:
                break
            topic.cards[index] = replace(card, back=cloze_back(card.back, extra))

    def _card_id(self, topic: Topic, entry: Entry) -> tuple[str, str, bool]:
        """(text without the id marker, id, explicit?)."""
        match = _CARD_ID_RE.search(entry.value)
        if match is not None:
            card_id = match["id"]
            if not ID_RE.fullmatch(card_id):
                self.problem(entry.line, f"card id `{card_id}` must use lowercase letters, digits, `-`, `.` or `_`")
            return entry.value[: match.start()].rstrip(), card_id, True
        generated = f"{topic.id}-{stable_hash(entry.value)[:8]}"
        self.result.fixes.append(IdFix(entry.line, "suffix", generated))
        return entry.value, generated, False

    def _add_basic(self, topic: Topic, question: Entry, answer: str) -> None:
        front, card_id, explicit = self._card_id(topic, question)
        if not front or not answer:
            self.problem(question.line, "card needs both a question and an answer")
            return
        common = {
            "deck_id": topic.deck_id,
            "topic_id": topic.id,
            "source": self.ref(question.line),
            "explicit_id": explicit,
        }
        if question.key == "q":
            topic.cards.append(Card(id=card_id, kind=CardKind.BASIC, front=front, back=answer, **common))
            return
        topic.cards.append(Card(id=card_id, kind=CardKind.BASIC, front=front, back=answer, sibling_of=card_id, **common))
        topic.cards.append(
            Card(id=f"{card_id}~rev", kind=CardKind.REVERSE, front=answer, back=front, sibling_of=card_id, **common)
        )

    def _add_cloze(self, topic: Topic, entry: Entry) -> None:
        text, note_id, explicit = self._card_id(topic, entry)
        numbers = cloze_numbers(text)
        if not numbers:
            self.problem(entry.line, "cloze card has no `{{...}}` deletion")
            return
        for number in numbers:
            front, back = render_cloze(text, number)
            topic.cards.append(
                Card(
                    id=f"{note_id}~c{number}",
                    kind=CardKind.CLOZE,
                    front=front,
                    back=back,
                    deck_id=topic.deck_id,
                    topic_id=topic.id,
                    source=self.ref(entry.line),
                    sibling_of=note_id,
                    explicit_id=explicit,
                )
            )

    def _common_math(self, block: Block) -> dict:
        return {
            "variables": self._parse_each(block.values("var"), fields.parse_variable),
            "where": self._texts(block, "where"),
            "functions": self._parse_each(block.values("fun"), fields.parse_function),
            "hints": self._texts(block, "hint"),
            "notes": self._texts(block, "note"),
            "tags": tuple(t for e in block.values("tags") for t in e.value.split()),
        }

    def _exercise(self, block: Block) -> None:
        topic = self._need_topic(block)
        prompt = self._required(block, "prompt")
        answer = self._required(block, "answer")
        if topic is None or prompt is None or answer is None:
            return
        item_id, _ = self._block_id(block, prompt.value)
        kind_entry = block.first("kind")
        kind_text = kind_entry.value if kind_entry else ("numeric" if block.first("reference") else "symbolic")
        try:
            kind = ExerciseKind(kind_text)
        except ValueError:
            self.problem(kind_entry.line if kind_entry else block.line, f"exercise kind must be `symbolic` or `numeric`, got `{kind_text}`")
            return
        tolerance_entry = block.first("tolerance")
        extra = {}
        if tolerance_entry is not None:
            tolerance = self._parse_each([tolerance_entry], fields.parse_tolerance)
            if tolerance:
                extra["tolerance"] = tolerance[0]
        reference = block.first("reference")
        unit = block.first("unit")
        common = self._common_math(block)
        exercise = Exercise(
            id=item_id,
            kind=kind,
            prompt=prompt.value,
            answer=answer.value,
            deck_id=topic.deck_id,
            topic_id=topic.id,
            source=self.ref(block.line),
            alternatives=self._parse_each(block.values("alt"), fields.parse_alternative),
            wrong_answers=self._parse_each(block.values("wrong"), fields.parse_wrong),
            givens=self._parse_each(block.values("given"), fields.parse_given),
            lets=self._parse_each(block.values("let"), lambda t: fields.parse_assignment(t, "let")),
            reference=reference.value if reference else None,
            unit=unit.value if unit else None,
            variations=self._parse_each(block.values("vary"), fields.parse_variation),
            test=self._answer_test(block, kind, common),
            **extra,
            **common,
        )
        self._check_exercise(block, exercise)
        topic.exercises.append(exercise)

    def _answer_test(self, block: Block, kind: ExerciseKind, common: dict) -> str | None:
        """The exercise's ``test:``, or None (a bad one is reported and left out)."""
        entries = block.values("test")
        for extra in entries[1:]:
            self.problem(extra.line, "an exercise takes one `test:`; remove the others")
        if not entries:
            return None
        entry = entries[0]
        names = [v.name for v in common["variables"]]
        problem = answer_test_problem(entry.value, kind, names, bool(common["functions"]))
        if problem:
            self.problem(entry.line, problem)
            return None
        return " ".join(entry.value.split())

    def _check_exercise(self, block: Block, exercise: Exercise) -> None:
        if exercise.kind is ExerciseKind.NUMERIC and exercise.reference is None and exercise.variations:
            self.problem(block.line, f"exercise `{exercise.id}` varies its givens but has no `reference:` to recompute the answer")
        given_names = {name for name, _ in exercise.givens}
        for variation, entry in zip(exercise.variations, block.values("vary")):
            for name in numeric_columns(variation):
                if name not in given_names:
                    self.problem(entry.line, f"`vary: {name}` names no `given:` of exercise `{exercise.id}`")
        for problem in prompt_problems(exercise):
            self.problem(block.line, problem)
        if (exercise.test or "").split(" ")[0] not in TEXT_TESTS:
            formulas = [exercise.answer, *(a.expression for a in exercise.alternatives)]
            for text in [*formulas, *(w.expression for w in exercise.wrong_answers)]:
                problem = formula_problem(text)
                if problem is not None:
                    self.problem(block.line, f"exercise `{exercise.id}`: {problem}")
        declared = [v.name for v in exercise.variables]
        for name in {n for n in declared if declared.count(n) > 1}:
            self.problem(block.line, f"variable `{name}` is declared twice in exercise `{exercise.id}`")

    def _derivation(self, block: Block) -> None:
        topic = self._need_topic(block)
        prompt = self._required(block, "prompt")
        if topic is None or prompt is None:
            return
        item_id, _ = self._block_id(block, prompt.value)
        steps = self._steps(block, "step")
        if not steps:
            self.problem(block.line, f"derivation `{item_id}` has no `step:` lines")
            return
        flawed = self._steps(block, "flawed")
        wrong_step = None
        wrong_entry = block.first("wrong-step")
        if wrong_entry is not None:
            if wrong_entry.value.isdigit() and 1 <= int(wrong_entry.value) <= len(flawed):
                wrong_step = int(wrong_entry.value)
            else:
                self.problem(wrong_entry.line, f"`wrong-step` must be a line number of the flawed derivation (1..{len(flawed)})")
        elif flawed:
            self.problem(block.line, f"derivation `{item_id}` has `flawed:` lines but no `wrong-step:`")
        for step in (*steps, *flawed):
            problem = formula_problem(step.content)
            if problem is not None:
                self.problem(step.source.line if step.source else block.line, problem)
        if steps[0].relation != "given":
            self.problem(block.values("step")[0].line, "the first step of a derivation must be `given`")
        mistake = block.first("mistake")
        goal = block.first("goal")
        name = block.first("name")
        topic.derivations.append(
            Derivation(
                id=item_id,
                prompt=prompt.value,
                deck_id=topic.deck_id,
                topic_id=topic.id,
                source=self.ref(block.line),
                steps=steps,
                flawed=flawed,
                wrong_step=wrong_step,
                mistake=mistake.value if mistake else "",
                goal=goal.value if goal else None,
                given_name=name.value if name else None,
                **self._common_math(block),
            )
        )

    def _steps(self, block: Block, key: str) -> tuple:
        return tuple(
            step
            for entry in block.values(key)
            for step in self._parse_each([entry], lambda t, e=entry: fields.parse_step(t, self.ref(e.line)))
        )


def parse_text(text: str, path: str, default_deck: str = "") -> ParsedFile:
    """Parse one markdown document; ``path`` is how problems and sources name the file.

    ``default_deck`` is the deck of topics that come before any ```deck block in the file
    (the deck.md of the file's folder); ``""`` when there is none.
    """
    return _FileParser(path, default_deck).parse(text)
