"""The pieces of the Anki importer that need no Anki: memory replay, HTML, card tags."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from fsrs import Card, Rating, Scheduler, State

from studyapp.content.parser import parse_text
from studyapp.interop.anki.collection import AnkiCard, AnkiCollection, RevlogEntry
from studyapp.interop.anki.history import HistoryBuilder, MemoryReplay
from studyapp.interop.anki.html import html_to_markdown
from studyapp.interop.anki.notes import guid_from_item_id, note_item_id
from studyapp.store.interop import marked_imported, snapshot_json


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


@pytest.mark.parametrize("seed", range(3))
def test_memory_replay_computes_exactly_what_the_fsrs_scheduler_does(seed):
    rng = random.Random(seed)
    scheduler = Scheduler(enable_fuzzing=False)
    replay = MemoryReplay(scheduler)
    for _ in range(2000):
        stability, difficulty = rng.uniform(0.001, 400), rng.uniform(1, 10)
        rating, elapsed = Rating(rng.randint(1, 4)), rng.choice([0, 0, 1, 3, 40, 900])
        if elapsed:
            recall = (1 + scheduler._FACTOR * elapsed / stability) ** scheduler._DECAY
            expected = scheduler._next_stability(
                difficulty=difficulty, stability=stability, retrievability=recall, rating=rating
            )
        else:
            expected = scheduler._short_term_stability(stability=stability, rating=rating)
        next_difficulty = scheduler._next_difficulty(difficulty=difficulty, rating=rating)
        assert replay.after((stability, difficulty), elapsed, rating) == (expected, next_difficulty)
    for rating in Rating:
        first = (scheduler._initial_stability(rating=rating),
                 scheduler._initial_difficulty(rating=rating, clamp=True))
        assert replay.after(None, 0, rating) == first


def test_a_cards_reviews_chain_their_snapshots_and_end_in_its_state():
    day = 86_400_000
    start = 1_700_000_000_000
    collection = AnkiCollection(18, start // 1000, 4, None, False, {}, {}, [], [], [])
    card = AnkiCard(1, 1, 1, 0, 2, 2, 10, 9, 2500, 4, 1, 0, 0, 0, "")
    entries = [
        RevlogEntry(start, 1, 3, -600, 0, 0, 4000, 0),
        RevlogEntry(start + day, 1, 3, 3, 0, 2500, 3000, 1),
        RevlogEntry(start + 4 * day, 1, 1, -600, 3, 2300, 9000, 1),
        RevlogEntry(start + 4 * day + 600_000, 1, 3, 2, 0, 2300, 2000, 2),
    ]
    now = datetime.fromtimestamp(start / 1000 + 30 * 86_400, UTC)
    history = HistoryBuilder(collection, Scheduler(), now, 4).card("i", card, entries, False)
    reviews = history.reviews
    assert [r.queue for r in reviews] == ["new", "review", "review", "relearning"]  # log types
    assert json.loads(reviews[0].state_before)["reps"] == 0
    for review, following in pairwise(reviews):
        after = json.loads(review.state_after)
        assert after.pop("scheduled_with") == "imported"
        assert json.loads(following.state_before) == after
        assert following.stability_before == after["stability"]
        assert snapshot_json(after) == following.state_before  # one text for one snapshot
    assert reviews[-1].state_after == marked_imported(snapshot_json(history.state))
    assert json.loads(reviews[2].state_after)["lapses"] == 1
    assert len({r.uid for r in reviews}) == 4 and all(len(r.uid) == 32 for r in reviews)


def _card_history(card, entries, *, fsrs=False, builder=None, leech=False):
    collection = AnkiCollection(18, START // 1000, 4, None, fsrs, {}, {}, [], [], [])
    now = datetime.fromtimestamp(START / 1000 + 30 * 86_400, UTC)
    builder = builder or HistoryBuilder(collection, Scheduler(), now, 4)
    return builder.card("i", card, entries, leech)


START, DAY = 1_700_000_000_000, 86_400_000
ENTRIES = [
    RevlogEntry(START, 1, 3, -600, 0, 0, 4000, 0),
    RevlogEntry(START + 600_000, 1, 3, 1, 0, 2500, 3000, 0),
    RevlogEntry(START + DAY, 1, 1, -600, 1, 2500, 3000, 1),
]


@pytest.mark.parametrize(
    ("fields", "fsrs"),
    [
        ({}, False),  # a review card of the usual types
        ({"type": 1, "queue": 1, "left": 2}, False),  # learning: a step
        ({"type": 0, "queue": 0}, False),  # new again (forgotten): no memory
        ({"queue": -1}, False),  # suspended
        ({"data": '{"s": NaN, "d": 5}'}, True),  # Anki's memory, not a finite number
        ({"data": '{"s": Infinity, "d": 5}'}, True),
        ({"data": '{"s": 3, "d": 5, "lrt": 1700000100}'}, True),
        ({"due": 10.5}, False),  # a day that is not a whole number
        ({"reps": 4.0, "lapses": 1.0}, False),
    ],
)
def test_a_final_state_is_written_as_snapshot_json_writes_it(fields, fsrs):
    card = AnkiCard(1, 1, 1, 0, 2, 2, 10, 9, 2500, 4, 1, 0, 0, 0, "")._replace(**fields)
    for leech in (False, True):
        history = _card_history(card, ENTRIES, fsrs=fsrs, leech=leech)
        assert history.reviews[-1].state_after == marked_imported(snapshot_json(history.state))
        assert history.state["leech"] is leech


def test_replayed_steps_a_builder_remembers_give_what_a_new_builder_computes():
    card = AnkiCard(1, 1, 1, 0, 2, 2, 10, 9, 2500, 4, 1, 0, 0, 0, "")
    other = [entry._replace(id=entry.id + 5 * DAY) for entry in ENTRIES]
    collection = AnkiCollection(18, START // 1000, 4, None, False, {}, {}, [], [], [])
    now = datetime.fromtimestamp(START / 1000 + 30 * 86_400, UTC)
    builder = HistoryBuilder(collection, Scheduler(), now, 4)
    first = _card_history(card, ENTRIES, builder=builder)
    again = _card_history(card, other, builder=builder)  # the same steps, later
    assert first == _card_history(card, ENTRIES)
    assert again == _card_history(card, other)
    assert [r.stability_before for r in first.reviews] == [r.stability_before for r in again.reviews]


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
