"""A report reads the review log and the items from covering indexes, never from the rows'
JSON or payloads (but for the payloads of the few weakest items it lists)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from report_support import NOW, History

from studyapp.report import ReportFilter, build_report
from studyapp.store.engine import driver
from studyapp.store.models import ITEM_DECK_KIND_INDEX, MASTERY_INDEX

FILTERS = [ReportFilter(), ReportFilter(deck="ml", since=date(2026, 1, 1), until=date(2026, 3, 1))]
FILTER_IDS = ["everything", "deck and dates"]


def report_plans(history: History, report_filter: ReportFilter) -> list[tuple[str, str]]:
    """(statement, query plan) of every statement that building a report runs."""
    history.item("a", state="review", stability=30, last_review=NOW, due=NOW)
    history.item("b", kind="exercise", state="review", stability=3, last_review=NOW, due=NOW)
    history.review("a", NOW - timedelta(hours=2), verdict="incorrect", feedback={"mistake": "s"})
    history.review("b", NOW - timedelta(hours=1), verdict="correct")
    engine = history.save()
    statements: list[str] = []
    try:
        with engine.connect() as connection:
            sqlite = driver(connection)
            sqlite.set_trace_callback(statements.append)
            build_report(connection, history.config.settings, report_filter, now=NOW)
            sqlite.set_trace_callback(None)
            return [
                (
                    statement,
                    " / ".join(row[3] for row in sqlite.execute(f"EXPLAIN QUERY PLAN {statement}")),
                )
                for statement in statements
                if not statement.startswith("SELECT pow(")
            ]
    finally:
        engine.dispose()


@pytest.mark.parametrize("report_filter", FILTERS, ids=FILTER_IDS)
def test_every_review_query_uses_a_covering_index(
    history: History, report_filter: ReportFilter
) -> None:
    plans = [
        plan
        for statement, plan in report_plans(history, report_filter)
        if "FROM reviews" in statement
    ]
    assert len(plans) >= 4
    for plan in plans:
        assert "COVERING INDEX" in plan, plan


@pytest.mark.parametrize("report_filter", FILTERS, ids=FILTER_IDS)
def test_items_are_looked_up_by_id_in_the_deck_and_kind_index(
    history: History, report_filter: ReportFilter
) -> None:
    plans = [
        plan
        for statement, plan in report_plans(history, report_filter)
        if f"JOIN items i INDEXED BY {ITEM_DECK_KIND_INDEX}" in statement
    ]
    assert len(plans) == 2  # retention's decks and the verdicts' kinds
    for plan in plans:
        assert f"COVERING INDEX {ITEM_DECK_KIND_INDEX} (id=?)" in plan, plan


@pytest.mark.parametrize("report_filter", FILTERS, ids=FILTER_IDS)
def test_mastery_and_weakest_items_read_the_mastery_index_alone(
    history: History, report_filter: ReportFilter
) -> None:
    plans = [
        plan
        for statement, plan in report_plans(history, report_filter)
        if f"INDEXED BY {MASTERY_INDEX}" in statement
    ]
    assert len(plans) == 4  # the tallies, then the most lapsed, least recalled and leeches
    for plan in plans:
        assert f"COVERING INDEX {MASTERY_INDEX}" in plan, plan
        # The only row read is a listed item's payload, by rowid.
        assert "SCAN items /" not in plan and not plan.endswith("SCAN items"), plan
