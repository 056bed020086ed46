"""True retention: the pass rate of reviews of graduated items, young and mature, by deck.

Anki's definition: only reviews in the review queue count (not learning or relearning
steps), any rating above Again passes, and a review is mature when the item's interval was
21 days or more. The interval is read as the FSRS stability in the state before the
review: FSRS schedules an interval of one stability at 90% desired retention, and one
JSON field per row keeps this scan of the whole log cheap.
"""

from __future__ import annotations

from collections import Counter
from itertools import repeat

from sqlalchemy import Connection

from studyapp.report.model import PassRate, Retention
from studyapp.report.scope import MATURE_DAYS, Scope, driver

ALL_DECKS = "All decks"
UNKNOWN = "?"  # the deck of a review whose item row is gone
CHUNK = 50_000  # rows fetched at a time: bounded memory, few Python-level steps


def true_retention(
    connection: Connection, scope: Scope, deck_of: dict[str, str], titles: dict[str, str]
) -> tuple[Retention, ...]:
    """One row for all decks, then one per deck that has review-queue reviews."""
    where, params = scope.review_conditions()
    rows = driver(connection).execute(
        f"""
        SELECT r.item_id,
               ifnull(json_extract(r.state_before, '$.stability') >= {MATURE_DAYS}, 0),
               r.rating > 1
        FROM reviews r WHERE {where} AND r.queue = 'review'
        """,
        params,
    )
    tally: Counter[tuple[str | None, int, int]] = Counter()
    while chunk := rows.fetchmany(CHUNK):
        # Column-wise, so mapping items to decks and counting stay in C (zip, map, Counter).
        item_ids, matures, passes = zip(*chunk, strict=True)
        decks = map(deck_of.get, item_ids, repeat(UNKNOWN))
        tally.update(zip(decks, matures, passes))
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
