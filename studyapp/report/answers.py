"""How answers went: checker verdicts per item kind and the most frequent mistakes."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection

from studyapp.checking import Verdict
from studyapp.report.model import Bucket, RecurringMistake, VerdictCount
from studyapp.report.scope import Scope
from studyapp.store.engine import driver
from studyapp.store.queries.mistakes import mistakes
from studyapp.store.queries.report_reviews import verdict_counts
from studyapp.store.times import from_millis

TOP_RECURRING = 10

VERDICTS = tuple(Verdict)


def verdicts_and_mistakes(
    connection: Connection, scope: Scope
) -> tuple[tuple[VerdictCount, ...], tuple[Bucket, ...]]:
    """Verdicts per item kind, and the checker's mistake categories of wrong answers
    (``reviews.mistake``), counted per item by SQLite from the verdicts' covering index, then
    per item kind (each item's kind looked up once; a vanished item's kind is "?")."""
    rows = verdict_counts(driver(connection), scope.review_filter())
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


def recurring_mistakes(connection: Connection, scope: Scope) -> tuple[RecurringMistake, ...]:
    """The mistakes made more than once on one exercise in the report's days and deck, as
    they stood at the end of its last day (resolved by a right answer before then)."""
    days = scope.review_filter()
    made = mistakes(
        driver(connection),
        scope.filter.deck,
        days.since_ms,
        days.until_ms,
        least=2,
        limit=TOP_RECURRING,
    )
    return tuple(
        RecurringMistake(m.item_id, m.text, m.count, from_millis(m.last_seen), m.resolved)
        for m in made
    )
