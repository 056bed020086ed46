"""True retention: the pass rate of reviews of graduated items, young and mature, by deck.

Anki's definition: only reviews in the review queue count (not learning or relearning
steps), any rating above Again passes, and a review is mature when the item's interval was
21 days or more. The interval is read as the FSRS stability in the state before the
review: FSRS schedules an interval of one stability at 90% desired retention, and one
JSON field per row keeps this scan of the whole log cheap.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection

from studyapp.report.model import PassRate, Retention
from studyapp.report.scope import MATURE_DAYS, Scope, driver

ALL_DECKS = "All decks"


def true_retention(
    connection: Connection, scope: Scope, deck_of: dict[str, str], titles: dict[str, str]
) -> tuple[Retention, ...]:
    """One row for all decks, then one per deck that has review-queue reviews."""
    where, params = scope.review_conditions()
    rows = driver(connection).execute(
        f"""
        SELECT r.item_id, json_extract(r.state_before, '$.stability') >= {MATURE_DAYS},
               r.rating > 1
        FROM reviews r WHERE {where} AND r.queue = 'review'
        """,
        params,
    )
    # Counting (item, mature, passed) first keeps the per-review work in C.
    tally: Counter[tuple[str | None, bool, bool]] = Counter()
    for (item_id, mature, passed), count in Counter(rows).items():
        for deck in (None, deck_of.get(item_id, "?")):
            tally[deck, bool(mature), bool(passed)] += count
    decks = sorted({d for d, _m, _p in tally if d is not None}, key=lambda d: (titles.get(d, d), d))

    def rate(deck: str | None, mature: bool) -> PassRate:
        passed = tally[deck, mature, True]
        return PassRate(passed, passed + tally[deck, mature, False])

    return tuple(
        Retention(
            deck_id=deck,
            title=ALL_DECKS if deck is None else titles.get(deck, deck),
            young=rate(deck, False),
            mature=rate(deck, True),
        )
        for deck in (None, *decks)
    )
