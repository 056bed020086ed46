"""Topic titles from the loaded content in reports, and which items count as lowest recall."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

import pytest
from report_support import DAY, NOW, History
from sqlalchemy import Connection

from studyapp.cli import main
from studyapp.content.loader import load_content
from studyapp.report import Report, ReportFilter, build_report
from studyapp.report.build import topic_titles_of
from studyapp.report.render import render_html, render_json, write_item_csv, write_review_csv
from studyapp.report.scope import Scope, make_scope

TITLES = {"basics": "Basics (基础)"}
CsvWriter = Callable[[Connection, TextIO, Scope, Mapping[str, str]], int]

CONTENT = """\
```deck
id: ml
title: Machine learning
about: Test deck.
```

```topic
id: basics
title: Basics (基础)
zh: 基础
seeds: a.txt
summary: A topic for the report's titles.
```

```cards
Q: What is a test?
A: A check that can fail.
```
"""


@pytest.fixture
def two_topics(history: History) -> History:
    history.item("a", topic="basics", state="review", stability=5, last_review=NOW, due=NOW)
    history.item("b", topic="extra", state="review", stability=5, last_review=NOW, due=NOW)
    history.review("a", NOW - DAY)
    return history


def report_with_titles(history: History, titles: dict[str, str] | None) -> Report:
    engine = history.save()
    try:
        with engine.connect() as connection:
            return build_report(connection, history.config.settings, now=NOW, topic_titles=titles)
    finally:
        engine.dispose()


def test_topics_take_their_titles_and_keep_ids_as_keys(two_topics: History) -> None:
    report = report_with_titles(two_topics, TITLES)
    assert [(t.key, t.title) for t in report.topics] == [
        ("ml/basics", "Basics (基础)"),
        ("ml/extra", "extra"),
    ]


def test_topics_without_titles_show_their_ids(two_topics: History) -> None:
    assert [t.title for t in report_with_titles(two_topics, None).topics] == ["basics", "extra"]


def test_html_by_topic_table_shows_the_title(two_topics: History) -> None:
    html = render_html(report_with_titles(two_topics, TITLES))
    assert "<td>Basics (基础)</td>" in html and "<td>basics</td>" not in html


def test_json_keeps_the_topic_id_beside_its_title(two_topics: History) -> None:
    topics = json.loads(render_json(report_with_titles(two_topics, TITLES)))["topics"]
    assert (topics[0]["key"], topics[0]["title"]) == ("ml/basics", "Basics (基础)")


@pytest.mark.parametrize("write", [write_review_csv, write_item_csv])
def test_csv_topic_title_column(two_topics: History, write: CsvWriter) -> None:
    engine = two_topics.save()
    out = io.StringIO()
    try:
        with engine.connect() as connection:
            write(connection, out, make_scope(4, ReportFilter(), NOW, None), TITLES)
    finally:
        engine.dispose()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(r["topic"], r["topic_title"]) for r in rows} <= {
        ("basics", "Basics (基础)"),
        ("extra", ""),
    }
    assert rows[0]["topic_title"] == "Basics (基础)"


def test_topic_titles_of_loaded_content(tmp_path: Path) -> None:
    (tmp_path / "ml.md").write_text(CONTENT, encoding="utf-8")
    assert topic_titles_of(load_content([tmp_path])) == TITLES


def test_cli_report_names_topics_from_the_content_folders(
    two_topics: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "ml.md").write_text(CONTENT, encoding="utf-8")
    two_topics.save().dispose()
    home = str(two_topics.config.home)
    args = ["--home", home, "--no-bundled", "--content", str(content), "--format", "json"]
    assert main(["report", *args]) == 0
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert [t["title"] for t in topics] == ["Basics (基础)", "extra"]


def test_lowest_recall_lists_only_items_below_the_desired_retention(history: History) -> None:
    # Desired retention 0.9 (conftest): recall 1.0 now, about 0.9 after 1 day at
    # stability 1, far below after 30 days.
    history.item("fresh", state="review", stability=10, last_review=NOW, due=NOW + 10 * DAY)
    history.item("faded", state="review", stability=1, last_review=NOW - 30 * DAY, due=NOW)
    history.item("fading", state="review", stability=2, last_review=NOW - 3 * DAY, due=NOW)
    lowest = history.report().weakest.lowest_retrievability
    assert [w.id for w in lowest] == ["faded", "fading"]
    assert all(w.retrievability is not None and w.retrievability < 0.9 for w in lowest)


def test_lowest_recall_is_empty_when_everything_is_remembered(history: History) -> None:
    history.item("fresh", state="review", stability=10, last_review=NOW, due=NOW + 10 * DAY)
    report = history.report()
    assert report.weakest.lowest_retrievability == ()
    assert "Lowest recall probability now (below the desired 90%)" in render_html(report)


def test_a_topic_keeps_its_title_when_the_report_runs_without_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "ml.md").write_text(CONTENT.replace("A check that can fail.", "A check."))
    home = ["--home", str(tmp_path / "home"), "--no-bundled"]
    assert main(["sync", *home, "--content", str(content)]) == 0
    capsys.readouterr()
    assert main(["report", *home, "--format", "json"]) == 0  # the folder is not loaded now
    topics = json.loads(capsys.readouterr().out)["topics"]
    assert [t["title"] for t in topics] == ["Basics (基础)"]
