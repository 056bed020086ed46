"""The HTML report's charts read well: rounded labels, nothing clipped, a note instead of
one giant bar, and mistakes in the words a learner read."""

from __future__ import annotations

import re
from datetime import date, timedelta

from report_support import NOW, History

from studyapp.report.model import DayActivity
from studyapp.report.render import render_html
from studyapp.report.render.svg import Bar, bar_chart, heatmap


def test_bar_and_axis_labels_are_rounded() -> None:
    chart = bar_chart([Bar("a", 6.87405, "tip"), Bar("b", 2.0, "tip")], title="Minutes")
    assert "6.87405" not in chart.replace("<title>tip</title>", "")
    assert ">6.9</text>" in chart


def test_the_last_month_label_of_the_heatmap_fits() -> None:
    first = date(2026, 11, 2)
    days = [DayActivity(first + timedelta(days=n), 1, 60_000) for n in range(35)]  # to 6 Dec
    chart = heatmap(days, title="Study days")
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', chart)[1])
    december = float(re.search(r'<text x="([\d.]+)" y="10"[^>]*>Dec<', chart)[1])
    assert december + 3 * 7 <= width  # three letters of about 7 px


def test_one_study_day_gets_a_note_instead_of_one_giant_bar(history: History) -> None:
    history.item("a", state="learning", stability=1, last_review=NOW, due=NOW)
    history.review("a", NOW - timedelta(hours=1))
    page = render_html(history.report())
    assert "once you have studied on two or more days, this chart shows your reviews" in page
    assert 'aria-label="Reviews per day"' not in page


def test_mistakes_are_shown_in_the_words_a_learner_read(history: History) -> None:
    history.item("ex", kind="exercise", state="learning", stability=1, last_review=NOW, due=NOW)
    history.review(
        "ex", NOW - timedelta(hours=3), verdict="incorrect", feedback={"mistake": "sign"}
    )
    page = render_html(history.report())
    assert "<td>your answer has the opposite sign</td>" in page
    assert "<td>sign</td>" not in page
