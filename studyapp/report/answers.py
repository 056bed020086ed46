"""How answers went: checker verdicts per item kind and the most frequent mistakes."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import repeat

from sqlalchemy import Connection

from studyapp.report.model import Bucket, VerdictCount
from studyapp.report.scope import Scope, driver

VERDICTS = ("correct", "incorrect", "invalid", "undecided")
CHUNK = 50_000  # rows fetched at a time

# The checker's category: an exercise's ``mistake``, or for a derivation the status of
# the first step that broke the chain ("step wrong", "step unreadable", ...).
MISTAKE_SQL = """
    COALESCE(
        json_extract(r.feedback, '$.mistake'),
        'step ' || json_extract(
            r.feedback, '$.steps[' || json_extract(r.feedback, '$.first_wrong_step') || '].status'
        )
    )
"""


def verdicts_and_mistakes(
    connection: Connection, scope: Scope, kind_of: dict[str, str]
) -> tuple[tuple[VerdictCount, ...], tuple[Bucket, ...]]:
    where, params = scope.review_conditions()
    rows = driver(connection).execute(
        f"""
        SELECT r.item_id, r.verdict, CASE WHEN r.verdict != 'correct' THEN {MISTAKE_SQL} END
        FROM reviews r WHERE {where} AND r.verdict IS NOT NULL
        """,
        params,
    )
    counts: Counter[tuple[str, str, str | None]] = Counter()
    while chunk := rows.fetchmany(CHUNK):
        item_ids, verdict_column, mistake_column = zip(*chunk, strict=True)
        kinds = map(kind_of.get, item_ids, repeat("?"))
        counts.update(zip(kinds, verdict_column, mistake_column))
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
