"""A Markdown summary a learner can paste into notes or send to a teacher."""

from __future__ import annotations

from studyapp.plural import plural
from studyapp.report.model import Report
from studyapp.report.render.html import title
from studyapp.report.render.text import count, duration, percent

TOP_MISTAKES = 5
WEAK_ITEMS = 5


def render_markdown(report: Report) -> str:
    s = report.summary
    lines = [
        f"# {title(report)}",
        "",
        (
            f"- **Reviews:** {count(s.reviews)} in {plural(s.days_studied, 'study day')} "
            f"({duration(s.time_ms)}); {s.reviews_today} today"
        ),
        f"- **Streak:** {plural(s.current_streak, 'day')} (longest {s.longest_streak})",
        (
            f"- **True retention:** {percent(s.true_retention)} "
            f"(desired {percent(s.desired_retention, 0)})"
        ),
        f"- **Recall probability now:** {percent(s.mean_retrievability)} on average",
        (
            f"- **Items:** {count(s.items)}: {count(s.new)} new, {count(s.learning)} learning, "
            f"{count(s.review)} in review ({count(s.mature)} mature); leeches: {s.leeches}, "
            f"suspended: {s.suspended}"
        ),
        (
            f"- **Due:** {s.due_today} today, {s.due_tomorrow} tomorrow, "
            f"{sum(f.due for f in report.forecast)} in the next {plural(len(report.forecast), 'day')}"
        ),
        "",
        "## Retention by deck",
        "",
        "| Deck | Young | Mature | All | Reviews |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.title} | {percent(r.young.rate)} | {percent(r.mature.rate)} | "
        f"{percent(r.overall.rate)} | {r.overall.total} |"
        for r in report.retention
    ]
    lines += [
        "",
        "## Decks",
        "",
        "| Deck | Items | Mature | Recall now | Leeches |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {m.title} | {m.items} | {percent(m.mature_share, 0)} | "
        f"{percent(m.mean_retrievability, 0)} | {m.leeches} |"
        for m in report.decks
    ]
    if report.verdicts:
        lines += ["", "## Exercises", ""]
        lines += [
            f"- {v.kind}: {v.correct} correct, {v.incorrect} incorrect, {v.invalid} invalid "
            f"(accuracy {percent(v.accuracy)})"
            for v in report.verdicts
        ]
        if report.mistakes:
            frequent = ", ".join(f"{m.label} ({m.count})" for m in report.mistakes[:TOP_MISTAKES])
            lines.append(f"- Most frequent mistakes: {frequent}")
    weak = report.weakest.most_lapses[:WEAK_ITEMS]
    if weak:
        lines += ["", "## Needs work", ""]
        lines += [f"- {w.label} (`{w.id}`): {plural(w.lapses, 'lapse')}" for w in weak]
    return "\n".join(lines) + "\n"
