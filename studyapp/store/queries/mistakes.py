"""The mistakes a learner keeps making, and an item's review history, from the review log.

A mistake is named by what the learner was told: an exercise's feedback message (an
author's "forgot the 1/2", or the checker's "your answer has the opposite sign"), or for a
derivation the message of its first wrong step. Wrong answers are read through the
verdicts' covering index, which holds that message (``reviews.mistake_text``).
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

# The mistake as the learner was told it (``review_facts.mistake_text``), else its category.
MISTAKE_TEXT = "coalesce(r.mistake_text, r.mistake)"


class Mistake(NamedTuple):
    item_id: str
    deck_id: str
    kind: str
    topic_id: str
    text: str
    count: int
    last_seen: int  # epoch ms
    resolved: bool  # answered right since it was last made


class HistoryEntry(NamedTuple):
    reviewed_at: int  # epoch ms
    rating: int
    queue: str  # the item's state before the review
    answer: str | None
    verdict: str | None
    mistake: str | None  # as the learner was told


def mistakes(
    db: sqlite3.Connection,
    deck: str | None = None,
    since: int | None = None,
    until: int | None = None,
    *,
    least: int = 1,
    limit: int = -1,
) -> list[Mistake]:
    """Every (item, mistake) made from ``since`` to before ``until`` (epoch ms) at least
    ``least`` times, most often made first; the first ``limit`` of them (-1: all). Resolved
    means answered right after it was last made, before ``until``: looked up for those
    returned only (a report's top ten, not every one of tens of thousands)."""
    conditions = ["r.verdict = 'incorrect'", "r.mistake IS NOT NULL", "r.undone_at IS NULL"]
    if since is not None:
        conditions.append("r.reviewed_at >= :since")
    before_until = "1"
    if until is not None:
        conditions.append("r.reviewed_at < :until")
        before_until = "c.reviewed_at < :until"
    in_deck = "1" if deck is None else "i.deck_id = :deck"
    rows = db.execute(
        f"""
        SELECT made.*, EXISTS (
                   SELECT 1 FROM reviews c INDEXED BY ix_reviews_item_time
                   WHERE c.item_id = made.item_id AND c.reviewed_at > made.last_seen
                     AND c.verdict = 'correct' AND c.undone_at IS NULL AND {before_until}
               )
        FROM (
            SELECT wrong.item_id, i.deck_id, i.kind, i.topic_id, wrong.text, count(*) AS n,
                   max(wrong.reviewed_at) AS last_seen
            FROM (
                SELECT r.item_id, r.reviewed_at, {MISTAKE_TEXT} AS text
                FROM reviews r INDEXED BY ix_reviews_verdicts
                WHERE {" AND ".join(conditions)}
            ) AS wrong
            JOIN items i ON i.id = wrong.item_id
            WHERE {in_deck}
            GROUP BY wrong.item_id, wrong.text
            HAVING n >= :least
            ORDER BY n DESC, last_seen DESC, wrong.item_id
            LIMIT :limit
        ) AS made
        ORDER BY made.n DESC, made.last_seen DESC, made.item_id
        """,
        {"since": since, "until": until, "deck": deck, "least": least, "limit": limit},
    )
    return [Mistake(*row[:7], bool(row[7])) for row in rows]


def with_topic_cards(db: sqlite3.Connection, item_ids: list[str]) -> list[str]:
    """``item_ids`` and the cards of their topics, those still active, in content order (a
    topic's cards before its exercises)."""
    marks = ", ".join("?" * len(item_ids))
    rows = db.execute(
        f"""
        SELECT id FROM items
        WHERE retired_at IS NULL AND suspended = 0
          AND (id IN ({marks}) OR (kind = 'card' AND (deck_id, topic_id) IN (
              SELECT deck_id, topic_id FROM items WHERE id IN ({marks}))))
        ORDER BY position
        """,
        (*item_ids, *item_ids),
    )
    return [item_id for (item_id,) in rows]


def item_history(db: sqlite3.Connection, item_id: str) -> list[HistoryEntry]:
    """The item's reviews not undone, oldest first."""
    rows = db.execute(
        f"""
        SELECT r.reviewed_at, r.rating, r.queue, r.answer, r.verdict,
               CASE WHEN r.verdict != 'correct' THEN {MISTAKE_TEXT} END
        FROM reviews r INDEXED BY ix_reviews_item_time
        WHERE r.item_id = ? AND r.undone_at IS NULL
        ORDER BY r.reviewed_at, r.id
        """,
        (item_id,),
    )
    return [HistoryEntry(*row) for row in rows]
