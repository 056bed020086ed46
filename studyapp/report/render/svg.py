"""Small inline SVG charts for the HTML report: no scripts, no fonts, prints as vectors.

Every chart scales with its container (``viewBox`` and ``width="100%"``) and carries a
``<title>`` per mark, so hovering a bar shows its value in any browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from studyapp.plural import plural
from studyapp.report.model import DayActivity

FONT = 'font-family="system-ui, sans-serif" font-size="11" fill="#555"'
VALUE_LABELS_UP_TO = 12  # bars that get their value written above them
HEAT_COLORS = ("#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127")


@dataclass(frozen=True)
class Bar:
    label: str  # axis label (may be "" to skip)
    value: float
    tip: str  # hover text


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    color: str = "#3b82f6",
    width: int = 720,
    height: int = 180,
    label_every: int = 1,
) -> str:
    """Vertical bars with a zero baseline, a max gridline and every ``label_every``-th label."""
    left, bottom, top = 48, 22, 16  # room for "1,234" left of the axis
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((b.value for b in bars), default=0) or 1
    step = plot_w / max(len(bars), 1)
    parts = [_open(width, height, title)]
    parts.append(_gridline(left, width - 8, top, _format_number(peak)))
    parts.append(_gridline(left, width - 8, top + plot_h, "0"))
    for index, bar in enumerate(bars):
        bar_h = plot_h * bar.value / peak
        x = left + index * step
        parts.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{max(step * 0.8, 0.5):.1f}" height="{bar_h:.1f}" fill="{color}">'
            f"<title>{escape(bar.tip)}</title></rect>"
        )
        if len(bars) <= VALUE_LABELS_UP_TO and bar.value:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_h - bar_h - 3:.1f}" '
                f'text-anchor="middle" {FONT}>{_format_number(bar.value)}</text>'
            )
        if bar.label and index % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle" {FONT}>'
                f"{escape(bar.label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def rate_chart(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    title: str,
    target: float | None = None,
    width: int = 720,
) -> str:
    """Horizontal bars for rates in [0, 1] (label, rate, hover text), a dashed target line."""
    label_w, row_h, top = 180, 24, 8
    plot_w = width - label_w - 50
    height = top * 2 + row_h * max(len(rows), 1) + 14
    parts = [_open(width, height, title)]
    for index, (label, rate, tip) in enumerate(rows):
        y = top + index * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" {FONT}>'
            f"{escape(_shorten(label, 28))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="{row_h - 8}" '
            'fill="#f1f3f5"/>'
        )
        if rate is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{plot_w * rate:.1f}" '
                f'height="{row_h - 8}" fill="{_rate_color(rate, target)}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        parts.append(
            f'<text x="{label_w + plot_w + 6}" y="{y + 16}" {FONT}>'
            f"{'–' if rate is None else f'{rate:.0%}'}</text>"
        )
    if target is not None:
        x = label_w + plot_w * target
        bottom = top + row_h * len(rows)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#111" '
            'stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 12}" text-anchor="middle" {FONT}>'
            f"desired {target:.0%}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap(days: Sequence[DayActivity], *, title: str) -> str:
    """A year of study days as weekly columns (Monday on top), darker for more reviews."""
    if not days:
        return ""
    cell, gap, left, top = 11, 2, 28, 16
    first = days[0].day - timedelta(days=days[0].day.weekday())
    weeks = (days[-1].day - first).days // 7 + 1
    # the last column's month label ("Dec") reaches past its column: room on the right
    width, height = left + weeks * (cell + gap) + 24, top + 7 * (cell + gap) + 4
    levels = _levels([d.reviews for d in days])
    parts = [_open(width, height, title)]
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(f'<text x="0" y="{top + row * (cell + gap) + 9}" {FONT}>{name}</text>')
    month_seen = None
    for day in days:
        offset = (day.day - first).days
        x, y = left + (offset // 7) * (cell + gap), top + (offset % 7) * (cell + gap)
        if day.day.month != month_seen and day.day.day <= 7:
            month_seen = day.day.month
            parts.append(f'<text x="{x}" y="10" {FONT}>{day.day:%b}</text>')
        parts.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" '
            f'fill="{HEAT_COLORS[levels(day.reviews)]}">'
            f"<title>{day.day.isoformat()}: {plural(day.reviews, 'review')}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _levels(counts: Sequence[int]):
    """Colour level 0 for no reviews, 1–4 by quartile of the active days."""
    active = sorted(c for c in counts if c)
    if not active:
        return lambda count: 0
    cuts = [active[min(len(active) - 1, math.ceil(len(active) * q) - 1)] for q in (0.25, 0.5, 0.75)]

    def level(count: int) -> int:
        if not count:
            return 0
        return 1 + sum(count > cut for cut in cuts)

    return level


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>"
    )


def _gridline(x1: float, x2: float, y: float, label: str) -> str:
    return (
        f'<line x1="{x1}" y1="{y:.1f}" x2="{x2}" y2="{y:.1f}" stroke="#ddd"/>'
        f'<text x="{x1 - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{label}</text>'
    )


def _rate_color(rate: float, target: float | None) -> str:
    if target is None or rate >= target:
        return "#22a06b"
    return "#e2a03f" if rate >= target - 0.1 else "#d9534f"


def _format_number(value: float) -> str:
    """Axis and bar labels: 1,234 / 6.9 / 0.25, never 6.87405."""
    if value >= 10:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2g}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
