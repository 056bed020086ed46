"""How answers went: checker verdicts per item kind, mistake categories, answer times."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, text

from studyapp.report.model import Bucket, VerdictCount
from studyapp.report.scope import Scope

VERDICTS = ("correct", "incorrect", "invalid", "undecided")
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
    connection: Connection, scope: Scope
) -> tuple[tuple[VerdictCount, ...], tuple[Bucket, ...]]:
    where, params = scope.review_conditions(items="i")
    rows = connection.execute(
        text(
            f"""
            SELECT i.kind, r.verdict,
                   CASE WHEN r.verdict != 'correct' THEN {MISTAKE_SQL} END AS mistake, count(*)
            FROM reviews r CROSS JOIN items i ON i.id = r.item_id
            WHERE {where} AND r.verdict IS NOT NULL
            GROUP BY i.kind, r.verdict, mistake
            """
        ),
        params,
    )
    verdicts: dict[str, Counter[str]] = {}
    mistakes: Counter[str] = Counter()
    for kind, verdict, mistake, count in rows:
        verdicts.setdefault(kind, Counter())[verdict] += count
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
