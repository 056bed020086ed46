"""True retention: the pass rate of reviews of graduated items, young and mature, by deck.

Anki's definition: only reviews in the review queue count (not learning or relearning
steps), any rating above Again passes, and a review is mature when the item's interval was
21 days or more. The interval is read as the FSRS stability in the state before the
review (``reviews.stability_before``): FSRS schedules an interval of one stability at 90%
desired retention. SQLite counts per item from a covering index, then per deck (see
``studyapp.store.queries.report_reviews.review_queue_passes``): Python never sees a review
or an item.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection

from studyapp.report.model import PassRate, Retention
from studyapp.report.scope import MATURE_DAYS, Scope
from studyapp.store.engine import driver
from studyapp.store.queries.report_reviews import review_queue_passes

ALL_DECKS = "All decks"


def true_retention(
    connection: Connection, scope: Scope, titles: dict[str, str]
) -> tuple[Retention, ...]:
    """One row for all decks, then one per deck that has review-queue reviews."""
    rows = review_queue_passes(driver(connection), scope.review_filter(), MATURE_DAYS)
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
