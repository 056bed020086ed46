"""The bundled decks: loadable without problems, big enough, and covering every seed topic."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from studyapp.config import bundled_content_dir
from studyapp.content.loader import load_content
from studyapp.content.model import Card, ContentSet, Exercise, ExerciseKind, Item

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "topics.md"  # ../shared/topics.md, beside the repository
README = REPO / "content" / "README.md"

MINIMUM = {
    "cards": 300,
    "exercises": 120,
    "symbolic": 60,
    "numeric": 50,
    "parameterised": 30,
    "derivations": 10,
}


@pytest.fixture(scope="module")
def content() -> ContentSet:
    return load_content([bundled_content_dir()])


def note_id(item: Item) -> str:
    """Reverse and cloze siblings share their note's id; count a note once."""
    return item.sibling_of or item.id


def counts(content: ContentSet) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in content.items():
        if isinstance(item, Exercise):
            found["exercises"] += 1
            found["symbolic" if item.kind is ExerciseKind.SYMBOLIC else "numeric"] += 1
            found["parameterised"] += item.parameterised
        elif not isinstance(item, Card):
            found["derivations"] += 1
    found["cards"] = len({note_id(i) for i in content.items() if isinstance(i, Card)})
    return found


def has_cjk(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH") for ch in text)


def test_bundled_content_has_no_problems(content):
    assert [str(p) for p in content.problems] == []


@pytest.mark.parametrize("kind", sorted(MINIMUM))
def test_bundled_content_meets_minimum_count(content, kind):
    assert counts(content)[kind] >= MINIMUM[kind]


def test_every_item_id_is_unique(content):
    ids = [item.id for item in content.items()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_card_id_is_written_in_the_file(content):
    generated = [c.id for c in content.items() if isinstance(c, Card) and not c.explicit_id]
    assert generated == []


def test_every_deck_has_cards_exercises_and_topics(content):
    for deck in content.decks:
        kinds = {type(item) for item in deck.items()}
        assert deck.topics and {Card, Exercise} <= kinds, deck.id


def test_every_topic_has_at_least_five_cards(content):
    thin = {
        topic.id: len({note_id(c) for c in topic.cards})
        for deck in content.decks
        for topic in deck.topics
        if len({note_id(c) for c in topic.cards}) < 5
    }
    assert thin == {}


def test_every_topic_names_its_chinese_term(content):
    missing = [
        topic.id
        for deck in content.decks
        for topic in deck.topics
        if not has_cjk(topic.title)
        and not (topic.cards and has_cjk(topic.cards[0].front + topic.cards[0].back))
    ]
    assert missing == []


def spec_topic_ids(spec: str) -> dict[str, list[str]]:
    """Deck id → topic ids from the spec's Contents list: ``- **Title** (`deck`): `a`, `b```."""
    contents = spec.split("## Contents", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, list[str]] = {}
    for line in contents.splitlines():
        match = re.match(r"- \*\*.+?\*\* \(`([a-z0-9-]+)`\): (.+)", line)
        if match:
            listed[match[1]] = re.findall(r"`([a-z0-9-]+)`", match[2])
    return listed


def merged_topic_ids(readme: str) -> set[str]:
    """Topic ids the README lists under "Merged topics" (the first `id` of each list item)."""
    if "## Merged topics" not in readme:
        return set()
    section = readme.split("## Merged topics", 1)[1].split("\n## ", 1)[0]
    return {m[1] for m in re.finditer(r"^- `([a-z0-9-]+)`", section, flags=re.MULTILINE)}


@pytest.mark.skipif(not SPEC.is_file(), reason="../shared/topics.md is not beside the repository")
def test_every_spec_topic_exists_or_is_listed_as_merged(content):
    listed = spec_topic_ids(SPEC.read_text(encoding="utf-8"))
    assert sum(len(ids) for ids in listed.values()) >= 39  # the parser really read the list
    present = {topic.id for deck in content.decks for topic in deck.topics}
    merged = merged_topic_ids(README.read_text(encoding="utf-8"))
    missing = [t for ids in listed.values() for t in ids if t not in present and t not in merged]
    assert missing == []


@pytest.mark.skipif(not SPEC.is_file(), reason="../shared/topics.md is not beside the repository")
def test_every_spec_deck_exists(content):
    listed = spec_topic_ids(SPEC.read_text(encoding="utf-8"))
    assert set(listed) <= {deck.id for deck in content.decks}
