"""The HTML report draws content math as MathML; Markdown keeps the source."""

from __future__ import annotations

from dataclasses import replace

from report_support import History

from studyapp.report.model import WeakItem
from studyapp.report.render import render_html, render_markdown

LABEL = r"AdaBoost's $\alpha = \frac{1}{2}\ln\frac{1-e}{e}$ <b>"


def report_with_weak_label(history: History):
    history.item("a", state="review", stability=1, lapses=3, reps=5)
    report = history.report()
    weak = WeakItem("a", "ml", "card", LABEL, 3, 5, 0.5, False, False)
    return replace(report, weakest=replace(report.weakest, most_lapses=(weak,)))


def test_html_report_renders_content_math_as_mathml(history: History) -> None:
    page = render_html(report_with_weak_label(history))
    assert 'AdaBoost&#x27;s <math xmlns="http://www.w3.org/1998/Math/MathML">' in page
    assert "<mfrac><mn>1</mn><mn>2</mn></mfrac>" in page
    assert "&lt;b&gt;" in page and r"\frac" not in page


def test_markdown_report_keeps_the_latex_source(history: History) -> None:
    text = render_markdown(report_with_weak_label(history))
    assert r"$\alpha = \frac{1}{2}\ln\frac{1-e}{e}$" in text
