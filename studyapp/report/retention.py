"""True retention: the pass rate of reviews of graduated items, young and mature, by deck.

Anki's definition: only reviews in the review queue count (not learning or relearning
steps), any rating above Again passes, and a review is mature when the item's interval was
21 days or more. The interval is read as the FSRS stability in the state before the
review: FSRS schedules an interval of one stability at 90% desired retention, and one
JSON field per row keeps this scan of the whole log cheap.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, text

from studyapp.report.model import PassRate, Retention
from studyapp.report.scope import MATURE_DAYS, Scope

ALL_DECKS = "All decks"


def true_retention(
    connection: Connection, scope: Scope, titles: dict[str, str]
) -> tuple[Retention, ...]:
    """One row for all decks, then one per deck that has review-queue reviews."""
    where, params = scope.review_conditions(items="i")
    rows = connection.execute(
        text(
            f"""
            SELECT i.deck_id,
                   json_extract(r.state_before, '$.stability') >= {MATURE_DAYS} AS mature,
                   sum(r.rating > 1), count(*)
            FROM reviews r CROSS JOIN items i ON i.id = r.item_id
            WHERE {where} AND r.queue = 'review'
            GROUP BY i.deck_id, mature
            """
        ),
        params,
    )
    counts: dict[str | None, dict[bool, list[int]]] = defaultdict(
        lambda: {False: [0, 0], True: [0, 0]}
    )
    for deck_id, mature, passed, total in rows:
        for key in (None, deck_id):
            counts[key][bool(mature)][0] += int(passed)
            counts[key][bool(mature)][1] += int(total)
    decks = sorted((d for d in counts if d is not None), key=lambda d: (titles.get(d, d), d))
    order = [None, *decks]  # the all-decks row comes first, even without reviews
    return tuple(
        Retention(
            deck_id=deck_id,
            title=ALL_DECKS if deck_id is None else titles.get(deck_id, deck_id),
            young=PassRate(*counts[deck_id][False]),
            mature=PassRate(*counts[deck_id][True]),
        )
        for deck_id in order
    )
