"""The renderers: HTML sections and charts, Markdown, JSON and CSV round trips."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, timedelta
from html.parser import HTMLParser
from typing import Any, TextIO

import pytest
from report_support import DAY, NOW, History
from sqlalchemy import Connection

from studyapp.report.model import Report, ReportFilter
from studyapp.report.render import (
    render_html,
    render_json,
    render_markdown,
    write_item_csv,
    write_review_csv,
)
from studyapp.report.render.csvlog import ITEM_COLUMNS, REVIEW_COLUMNS
from studyapp.report.scope import Scope, make_scope

SECTIONS = {"summary", "activity", "forecast", "retention", "mastery", "weakest", "answers"}


@pytest.fixture
def sample(history: History) -> History:
    """Two decks; ``ml`` has 10 mature reviews of which 7 passed, and one exercise."""
    history.deck("ml", "Machine <b>learning</b>")
    history.deck("prob", "Probability")
    history.item("a", state="review", stability=40, last_review=NOW - DAY, due=NOW + 30 * DAY)
    history.item("b", deck="prob", state="review", stability=3, last_review=NOW, due=NOW + DAY)
    history.item("ex", kind="exercise", state="learning", stability=1, last_review=NOW, due=NOW)
    history.item("new")
    for n in range(10):
        history.review("a", NOW - n * DAY, rating=3 if n < 7 else 1, interval_days=30)
    history.review("b", NOW - timedelta(hours=2), rating=1, interval_days=2, elapsed_ms=70_000)
    history.review(
        "ex",
        NOW - timedelta(hours=3),
        queue="new",
        verdict="incorrect",
        feedback={"message": "sign error", "mistake": "sign"},
    )
    history.review("b", NOW - timedelta(hours=1), undone=True)
    return history


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(report: Report) -> tuple[str, Collector]:
    page = render_html(report)
    collector = Collector()
    collector.feed(page)
    return page, collector


def test_html_has_every_section(sample: History) -> None:
    _page, html = parsed(sample.report())
    ids = {attrs.get("id") for tag, attrs in html.tags if tag == "section"}
    assert ids == SECTIONS


def test_html_draws_its_charts_as_inline_svg(sample: History) -> None:
    _page, html = parsed(sample.report())
    labels = {attrs.get("aria-label") for tag, attrs in html.tags if tag == "svg"}
    assert {
        "Reviews per day",
        "Study days over the last year",
        "Reviews due in the next 30 days",
        "True retention by deck",
        "Memory stability of reviewed items",
        "Time taken per answer",
    } <= labels
    bars = [attrs for tag, attrs in html.tags if tag == "rect"]
    assert len(bars) > 365  # the heatmap alone has a cell per day


def test_html_is_self_contained(sample: History) -> None:
    page, html = parsed(sample.report())
    assert not [tag for tag, _attrs in html.tags if tag in {"script", "link", "img", "iframe"}]
    assert not [attrs for _tag, attrs in html.tags if {"src", "href"} & set(attrs)]
    assert "http" not in page and "url(" not in page and "@import" not in page


def test_html_escapes_content_text(sample: History) -> None:
    page, html = parsed(sample.report())
    assert "<b>learning</b>" not in page
    assert "Machine <b>learning</b>" in "".join(html.text)


def test_html_shows_true_retention_and_has_print_styles(sample: History) -> None:
    page, html = parsed(sample.report())
    assert "63.6%" in "".join(html.text)  # 7 of 11 review-queue reviews passed
    assert "@media print" in page


def test_markdown_summary(sample: History) -> None:
    text = render_markdown(sample.report())
    assert text.startswith("# Study report: all decks")
    assert "| Machine <b>learning</b> | – | 70.0% | 70.0% | 10 |" in text
    assert "- exercise: 0 correct, 1 incorrect" in text
    assert "Most frequent mistakes: sign (1)" in text


def test_json_holds_the_whole_report(sample: History) -> None:
    data = json.loads(render_json(sample.report()))
    assert data["retention"][1]["mature"] == {"passed": 7, "total": 10, "rate": 0.7}
    assert data["summary"]["reviews"] == 12
    assert len(data["forecast"]) == 30 and data["forecast"][0]["day"] == "2026-03-02"
    assert data["mistakes"] == [{"label": "sign", "count": 1}]
    assert {
        "days",
        "heatmap",
        "streaks",
        "decks",
        "topics",
        "stability",
        "weakest",
        "verdicts",
        "answer_times",
        "filter",
    } <= set(data)


def csv_rows(
    history: History, writer: Callable[[Connection, TextIO, Scope], int], **filters: Any
) -> list[dict[str, str]]:
    engine = history.save()
    scope = make_scope(4, ReportFilter(**filters), NOW, UTC)
    out = io.StringIO()
    with engine.connect() as connection:
        written = writer(connection, out, scope)
    engine.dispose()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows)
    return rows


def test_review_csv_round_trips_one_row_per_kept_review(sample: History) -> None:
    rows = csv_rows(sample, write_review_csv)
    assert len(rows) == 12 and tuple(rows[0]) == REVIEW_COLUMNS
    assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)
    lapse = next(r for r in rows if r["item_id"] == "b")
    assert (lapse["deck"], lapse["rating"], lapse["rating_name"]) == (
        "prob",
        "1",
        "again",
    )
    assert (lapse["elapsed_ms"], lapse["interval_days"], lapse["stability"]) == (
        "70000",
        "4.0",
        "4.0",
    )
    exercise = next(r for r in rows if r["item_id"] == "ex")
    assert (exercise["kind"], exercise["verdict"], exercise["mistake"]) == (
        "exercise",
        "incorrect",
        "sign",
    )


def test_review_csv_follows_the_filters(sample: History) -> None:
    rows = csv_rows(sample, write_review_csv, deck="ml", since=NOW.date() - timedelta(days=2))
    assert [(r["day"], r["item_id"]) for r in rows] == [
        ("2026-02-28", "a"),
        ("2026-03-01", "a"),
        ("2026-03-02", "ex"),
        ("2026-03-02", "a"),
    ]


def test_item_csv_round_trips(sample: History) -> None:
    rows = {r["item_id"]: r for r in csv_rows(sample, write_item_csv)}
    assert tuple(next(iter(rows.values()))) == ITEM_COLUMNS
    assert set(rows) == {"a", "b", "ex", "new"}
    assert (rows["new"]["state"], rows["new"]["retrievability"]) == ("new", "")
    assert rows["b"]["retrievability"] == "1.0" and rows["a"]["state"] == "review"


def test_counts_of_one_read_in_the_singular(history: History) -> None:
    history.deck("ml", "ML")
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + DAY)
    history.review("a", NOW - timedelta(minutes=5), rating=3)
    report = history.report()
    markdown = render_markdown(report)
    assert "in 1 study day (" in markdown
    assert "**Streak:** 1 day (longest 1)" in markdown
    page, _ = parsed(report)
    assert not re.search(r"\b1 (days|reviews|items)\b", page)
    assert "1 study day</div>" in page
