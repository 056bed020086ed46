"""The HTML report: one self-contained file (inline CSS and SVG) from a jinja2 template."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2
from markupsafe import Markup

from studyapp.checking.reading.latex import math_html
from studyapp.plural import plural
from studyapp.report.model import DayActivity, Report
from studyapp.report.render import svg
from studyapp.report.render.text import count, duration, mistake_words, percent

ACTIVITY_DAYS = 90  # the bar chart shows the end of the range; the JSON has every day


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("studyapp.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        percent=percent,
        duration=duration,
        count=count,
        plural=plural,
        mistake_words=mistake_words,
        math=_math_markup,
    )
    return env


def _math_markup(text: str) -> Markup:
    """Content text with its ``$…$`` as MathML (the text itself escaped)."""
    return Markup(math_html(text))


def render_html(report: Report) -> str:
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            s=report.summary,
            charts=charts(report),
            title=title(report),
            activity_days=min(len(report.days), ACTIVITY_DAYS),
        )
    )


def title(report: Report) -> str:
    deck = report.filter.deck
    scope = report.deck_titles.get(deck, deck) if deck else "all decks"
    return f"Study report: {scope}, {report.first_day:%d %b %Y} – {report.last_day:%d %b %Y}"


def charts(report: Report) -> dict[str, Markup]:
    recent = report.days[-ACTIVITY_DAYS:]
    if sum(1 for d in recent if d.reviews) < 2:  # one bar would fill the chart and say nothing
        return {**_charts(report, recent), **_waiting_for_history(recent)}
    return _charts(report, recent)


def _waiting_for_history(recent: Sequence[DayActivity]) -> dict[str, Markup]:
    """Notes in place of the per-day charts until there are two study days to compare."""
    reviews = sum(d.reviews for d in recent)
    minutes = duration(sum(d.time_ms for d in recent))
    so_far = f"{plural(reviews, 'review')} and {minutes} so far" if reviews else "No reviews yet"
    note = "<p class=\"note\">{}: once you have studied on two or more days, {}.</p>"
    return {
        "activity": Markup(note).format(so_far, "this chart shows your reviews per day"),
        "time": Markup(note).format(so_far, "this chart shows the minutes you studied per day"),
    }


def _charts(report: Report, recent: Sequence[DayActivity]) -> dict[str, Markup]:
    every = max(1, len(recent) // 12)
    target = report.summary.desired_retention
    return {
        "activity": Markup(
            svg.bar_chart(
                [
                    svg.Bar(
                        f"{d.day:%d %b}",
                        d.reviews,
                        f"{d.day.isoformat()}: {plural(d.reviews, 'review')}, {duration(d.time_ms)}",
                    )
                    for d in recent
                ],
                title="Reviews per day",
                label_every=every,
            )
        ),
        "time": Markup(
            svg.bar_chart(
                [
                    svg.Bar(
                        f"{d.day:%d %b}",
                        d.time_ms / 60_000,
                        f"{d.day.isoformat()}: {duration(d.time_ms)}",
                    )
                    for d in recent
                ],
                title="Minutes studied per day",
                color="#8b5cf6",
                label_every=every,
            )
        ),
        "heatmap": Markup(svg.heatmap(report.heatmap, title="Study days over the last year")),
        "forecast": Markup(
            svg.bar_chart(
                [
                    svg.Bar(f"{f.day:%d %b}", f.due, f"{f.day.isoformat()}: {f.due} due")
                    for f in report.forecast
                ],
                title="Reviews due in the next 30 days",
                color="#22a06b",
                label_every=5,
            )
        ),
        "retention": Markup(
            svg.rate_chart(
                [
                    (r.title, r.overall.rate, f"{r.overall.passed} of {r.overall.total} passed")
                    for r in report.retention
                ],
                title="True retention by deck",
                target=target,
            )
        ),
        "stability": Markup(
            svg.bar_chart(
                [
                    svg.Bar(b.label, b.count, f"{b.label}: {plural(b.count, 'item')}")
                    for b in report.stability
                ],
                title="Memory stability of reviewed items",
                color="#0ea5e9",
            )
        ),
        "answer_times": Markup(
            svg.bar_chart(
                [
                    svg.Bar(b.label, b.count, f"{b.label}: {plural(b.count, 'answer')}")
                    for b in report.answer_times
                ],
                title="Time taken per answer",
                color="#f59e0b",
            )
        ),
    }
