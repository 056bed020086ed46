"""The pieces of the Anki importer that need no Anki: memory replay, HTML, card tags."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State

from studyapp.content.parser import parse_text
from studyapp.interop.anki.history import MemoryReplay
from studyapp.interop.anki.html import html_to_markdown
from studyapp.interop.anki.notes import guid_from_item_id, note_item_id


@pytest.mark.parametrize("seed", range(5))
def test_memory_replay_matches_fsrs_review_card(seed):
    rng = random.Random(seed)
    scheduler = Scheduler(enable_fuzzing=False)
    card = Card(card_id=1, state=State.Learning, step=0, due=datetime(2024, 1, 1, tzinfo=UTC))
    memory, last = None, None
    moment = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for _ in range(30):
        moment += timedelta(hours=rng.choice([0.1, 5, 30, 24 * 9, 24 * 40]))
        rating = Rating(rng.choice([1, 2, 3, 3, 3, 4]))
        card, _log = scheduler.review_card(card, rating, moment)
        elapsed = (moment - last).days if last else 0
        memory = MemoryReplay(scheduler).after(memory, elapsed, rating)
        last = moment
        assert memory == pytest.approx((card.stability, card.difficulty), rel=1e-12)


def test_guid_round_trips_through_the_item_id():
    guid = "Ou{v5B+A,H"
    item_id = note_item_id(guid)
    assert item_id.startswith("anki-") and item_id == item_id.lower()
    assert guid_from_item_id(item_id) == guid
    assert guid_from_item_id("boosting-adaboost") is None


def test_sound_becomes_a_link_and_scripts_are_dropped():
    markdown = html_to_markdown("say [sound:ni hao.mp3]<script>alert(1)</script><h2>Title</h2>")
    assert markdown.lines == ["say [ni hao.mp3](<ni hao.mp3>)", "**Title**"]
    assert markdown.media == ["ni hao.mp3"]


def test_tags_line_tags_the_card_before_it_and_its_siblings():
    text = (
        "```deck\nid: d\n```\n```topic\nid: t\n```\n```cards\n"
        "R: term {#a}\nA: definition\ntags: x y\nQ: plain {#b}\nA: answer\n```\n"
    )
    parsed = parse_text(text, "f.md")
    tags = {card.id: card.tags for card in parsed.decks[0].topics[0].cards}
    assert tags == {"a": ("x", "y"), "a~rev": ("x", "y"), "b": ()}
    assert not parsed.problems
