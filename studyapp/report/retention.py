"""True retention: the pass rate of reviews of graduated items, young and mature, by deck.

Anki's definition: only reviews in the review queue count (not learning or relearning
steps), any rating above Again passes, and a review is mature when the item's interval was
21 days or more. The interval is read as the FSRS stability in the state before the
review (``reviews.stability_before``): FSRS schedules an interval of one stability at 90%
desired retention. SQLite counts per item from a covering index, in item order, then looks
up each item's deck once and counts per deck: Python never sees a review or an item.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection

from studyapp.report.model import PassRate, Retention
from studyapp.report.scope import MATURE_DAYS, Scope, driver

ALL_DECKS = "All decks"
UNKNOWN = "?"  # the deck of a review whose item row is gone


def true_retention(
    connection: Connection, scope: Scope, titles: dict[str, str]
) -> tuple[Retention, ...]:
    """One row for all decks, then one per deck that has review-queue reviews."""
    where, params = scope.review_conditions()
    # ``count(*) FILTER`` skips the aggregate step where the condition is false: half the
    # cost of summing comparisons. The index is named: with a date filter and no
    # statistics, SQLite would pick the time index and read every row in the range from
    # the table.
    rows = driver(connection).execute(
        f"""
        SELECT coalesce(i.deck_id, '{UNKNOWN}') AS deck, total(mature_passed), total(mature),
               total(passed), total(reviews)
        FROM (
            SELECT r.item_id,
                   count(*) FILTER (WHERE r.stability_before >= {MATURE_DAYS} AND r.rating > 1)
                       AS mature_passed,
                   count(*) FILTER (WHERE r.stability_before >= {MATURE_DAYS}) AS mature,
                   count(*) FILTER (WHERE r.rating > 1) AS passed, count(*) AS reviews
            FROM reviews r INDEXED BY ix_reviews_retention
            WHERE r.queue = 'review' AND {where}
            GROUP BY r.item_id
        ) AS per_item
        -- The deck of each item's group, looked up once per item rather than once per review.
        LEFT JOIN items i ON i.id = per_item.item_id
        GROUP BY deck
        """,
        params,
    )
    tally: Counter[tuple[str | None, int, int]] = Counter()
    for deck, mature_passed, mature, passed, count in rows:
        tally[deck, 1, 1] += int(mature_passed)
        tally[deck, 1, 0] += int(mature - mature_passed)
        tally[deck, 0, 1] += int(passed - mature_passed)
        tally[deck, 0, 0] += int(count - mature - passed + mature_passed)
    for (_deck, mature, passed), count in list(tally.items()):
        tally[None, mature, passed] += count
    decks = sorted({d for d, _m, _p in tally if d is not None}, key=lambda d: (titles.get(d, d), d))

    def rate(deck: str | None, mature: int) -> PassRate:
        passed = tally[deck, mature, 1]
        return PassRate(passed, passed + tally[deck, mature, 0])

    return tuple(
        Retention(
            deck_id=deck,
            title=ALL_DECKS if deck is None else titles.get(deck, deck),
            young=rate(deck, 0),
            mature=rate(deck, 1),
        )
        for deck in (None, *decks)
    )
