"""A report reads the review log from its covering indexes, never from the rows' JSON."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from report_support import NOW, History

from studyapp.report import ReportFilter, build_report
from studyapp.store.engine import driver


def review_plans(history: History, report_filter: ReportFilter) -> list[str]:
    """The query plan of every statement over ``reviews`` that building a report runs."""
    history.item("a", state="review", stability=30, last_review=NOW, due=NOW)
    history.review("a", NOW - timedelta(hours=2), verdict="incorrect", feedback={"mistake": "s"})
    engine = history.save()
    statements: list[str] = []
    try:
        with engine.connect() as connection:
            sqlite = driver(connection)
            sqlite.set_trace_callback(statements.append)
            build_report(connection, history.config.settings, report_filter, now=NOW)
            sqlite.set_trace_callback(None)
            return [
                " / ".join(row[3] for row in sqlite.execute(f"EXPLAIN QUERY PLAN {statement}"))
                for statement in statements
                if "FROM reviews" in statement
            ]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "report_filter",
    [ReportFilter(), ReportFilter(deck="ml", since=date(2026, 1, 1), until=date(2026, 3, 1))],
    ids=["everything", "deck and dates"],
)
def test_every_review_query_uses_a_covering_index(
    history: History, report_filter: ReportFilter
) -> None:
    plans = review_plans(history, report_filter)
    assert len(plans) >= 4
    for plan in plans:
        assert "COVERING INDEX" in plan, plan
