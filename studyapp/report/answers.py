"""How answers went: checker verdicts per item kind and the most frequent mistakes."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection

from studyapp.report.model import Bucket, VerdictCount
from studyapp.report.scope import Scope, driver

VERDICTS = ("correct", "incorrect", "invalid", "undecided")


def verdicts_and_mistakes(
    connection: Connection, scope: Scope
) -> tuple[tuple[VerdictCount, ...], tuple[Bucket, ...]]:
    """Verdicts per item kind, and the checker's mistake categories of wrong answers
    (``reviews.mistake``), counted per item by SQLite from the verdicts' covering index, then
    per item kind (each item's kind looked up once; a vanished item's kind is "?")."""
    where, params = scope.review_conditions()
    # Named: with a date filter and no statistics, SQLite would pick the time index and
    # read every row in the range from the table.
    rows = driver(connection).execute(
        f"""
        SELECT coalesce(i.kind, '?'), per_item.verdict, per_item.mistake, total(per_item.n)
        FROM (
            SELECT r.item_id, r.verdict, CASE WHEN r.verdict != 'correct' THEN r.mistake END
                       AS mistake,
                   count(*) AS n
            FROM reviews r INDEXED BY ix_reviews_verdicts
            WHERE r.verdict IS NOT NULL AND {where}
            GROUP BY r.verdict, r.item_id, r.mistake
        ) AS per_item
        LEFT JOIN items i ON i.id = per_item.item_id
        GROUP BY 1, 2, 3
        """,
        params,
    )
    counts = {(kind, verdict, mistake): int(n) for kind, verdict, mistake, n in rows}
    verdicts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    mistakes: Counter[str] = Counter()
    for (kind, verdict, mistake), count in counts.items():
        verdicts[kind][verdict] += count
        if mistake:
            mistakes[mistake] += count
    return (
        tuple(
            VerdictCount(kind, *(counter[v] for v in VERDICTS))
            for kind, counter in sorted(verdicts.items())
        ),
        tuple(
            Bucket(label, count)
            for label, count in sorted(mistakes.items(), key=lambda lc: (-lc[1], lc[0]))
        ),
    )
