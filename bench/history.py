"""Synthetic study history for the benchmarks: items in every state and a review log.

One generator for ``bench/store.py`` (queue and review writes), ``bench/report.py``
(statistics) and ``bench/soak.py`` (a year of use; ``fill_reviews`` gives items the app
synced from content files the same states and log). Rows go in with raw ``executemany`` into a schema the app has created, and
indexes are kept up to date row by row, as the app grows them, so their pages are as full
as a real history's (a rebuilt index is packed, and every review would split it).

Items: 70% in review (due from 30 days ago to 60 days ahead), 5% learning (due within an
hour either way), 25% new; a few leeches, suspended. Reviews: over the reviewed items,
spread over the two years before the last day in time order (the log is append-only, so
ids follow time), with exercise verdicts and the report columns the app derives from
each review's JSON.
"""

from __future__ import annotations

import pickle
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from studyapp.content.model import Card, CardKind, SourceRef
from studyapp.store.times import to_millis

DAY_MS = 86_400_000
DECKS = 10
TOPICS_PER_DECK = 20
HISTORY_DAYS = 730
LEECH_LAPSES = 8
# The shape the scheduler stores (studyapp.store.review_write.read_state).
SNAPSHOT = (
    '{"state": 2, "step": null, "stability": %.2f, "difficulty": 5.3, "due": %d, '
    '"last_review": %d, "reps": 7, "lapses": 1, "suspended": false, "leech": false}'
)
_INSERT_REVIEW = (
    "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue, verdict,"
    " feedback, state_before, state_after, stability_before, mistake, mistake_text)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
FEEDBACK = (
    '{"message": "The sign is wrong.", "mistake": "sign", "interpreted": "-x/2", "expected": "x/2"}'
)


def fill_history(
    db_path: Path, items: int, reviews: int, now: datetime, seed: int = 7
) -> list[str]:
    """Fill the database at ``db_path``; returns the ids of the items that have reviews."""
    rng = random.Random(seed)
    now_ms = to_millis(now)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")  # row-by-row index upkeep, not thrashing
    reviewed: list[str] = []
    with connection:
        connection.executemany(
            "INSERT INTO decks (id, title, position) VALUES (?, ?, ?)",
            [(f"deck{d}", f"Deck {d}", d) for d in range(DECKS)],
        )
        connection.executemany(
            "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash,"
            " source_path, source_line, payload, state, step, stability, difficulty, due,"
            " last_review, reps, lapses, suspended, leech) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _items(items, now_ms, rng, reviewed),
        )
        connection.executemany(_INSERT_REVIEW, _reviews(reviews, reviewed, now_ms, rng))
    # The app's log stays short; a million rows still in it would slow every read.
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return reviewed


def fill_reviews(
    db_path: Path, item_ids: list[str], reviews: int, now: datetime, seed: int = 7
) -> list[str]:
    """Give items the app has synced the states and review log ``fill_history`` makes;
    returns the ids of the items that have reviews."""
    rng = random.Random(seed)
    now_ms = to_millis(now)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")
    reviewed: list[str] = []
    states = []
    for item_id in item_ids:
        state = _schedule(now_ms, rng)
        if state[0]:
            reviewed.append(item_id)
        states.append((*state, item_id))
    with connection:
        connection.executemany(
            "UPDATE items SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
            " last_review = ?, reps = ?, lapses = ?, suspended = ?, leech = ? WHERE id = ?",
            states,
        )
        connection.executemany(_INSERT_REVIEW, _reviews(reviews, reviewed, now_ms, rng))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return reviewed


def _schedule(now_ms: int, rng: random.Random) -> tuple:
    """state, step, stability, difficulty, due, last review, reps, lapses, suspended, leech."""
    roll = rng.random()
    if roll < 0.70:
        state, step = 2, None
        stability = rng.lognormvariate(2.5, 1.2)
        due = now_ms + rng.randint(-30, 60) * DAY_MS
        last = due - max(DAY_MS, int(stability * DAY_MS))
    elif roll < 0.75:
        state, step, stability = 1, 0, rng.uniform(0.1, 2.0)
        due = now_ms + rng.randint(-60, 60) * 60_000
        last = due - 10 * 60_000
    else:
        state, step, stability, due, last = 0, None, None, None, None
    lapses = rng.choice((0,) * 20 + (1,) * 5 + (2,) * 4 + (LEECH_LAPSES + 1,)) if state else 0
    leech = int(lapses >= LEECH_LAPSES)
    reps = rng.randint(1, 30) if state else 0
    # a leech is suspended, as the scheduler does
    return (state, step, stability, 5.0 if state else None, due, last, reps, lapses, leech, leech)


def _items(count: int, now_ms: int, rng: random.Random, reviewed: list[str]) -> Iterator[tuple]:
    for n in range(count):
        item_id, deck, topic = f"i{n}", f"deck{n % DECKS}", f"topic{n % TOPICS_PER_DECK}"
        path = f"{deck}/{topic}.md"
        card = Card(
            item_id, CardKind.BASIC, f"Question {n}", "answer", deck, topic, SourceRef(path, n)
        )
        state = _schedule(now_ms, rng)
        if state[0]:
            reviewed.append(item_id)
        yield (item_id, "card", deck, topic, n, str(n), path, n, pickle.dumps(card), *state)


def _reviews(count: int, reviewed: list[str], now_ms: int, rng: random.Random) -> Iterator[tuple]:
    # Nothing in the last day: today's limits stay unused, so the queue has work to find.
    times = sorted(now_ms - rng.randrange(DAY_MS, HISTORY_DAYS * DAY_MS) for _ in range(count))
    queues = ("new", "learning", "review", "review", "review", "review", "relearning")
    for n, at in enumerate(times):
        interval = rng.choice((1, 3, 8, 15, 25, 40, 90))
        verdict = rng.choice(("correct", "incorrect")) if n % 10 == 0 else None
        feedback = FEEDBACK if verdict == "incorrect" else None
        yield (
            rng.choice(reviewed),
            at,
            rng.choice((1, 3, 3, 3, 3, 4, 2)),
            rng.randrange(1000, 60_000),
            rng.choice(queues),
            verdict,
            feedback,
            SNAPSHOT % (interval * 1.1, at, at - interval * DAY_MS),
            SNAPSHOT % (interval * 2.2, at + 2 * interval * DAY_MS, at),
            # What ReviewRow derives from the JSON (studyapp.store.review_facts).
            round(interval * 1.1, 2),
            "sign" if feedback else None,
            "The sign is wrong." if feedback else None,
        )
