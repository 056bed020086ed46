"""Reports for an app's home: build one from its database, save the HTML beside it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path

from studyapp.config import AppConfig
from studyapp.report.build import Progress, build_report
from studyapp.report.model import Report, ReportFilter
from studyapp.report.render import render_html
from studyapp.store.engine import make_engine

REPORTS_FOLDER = "reports"


def load_report(
    config: AppConfig,
    report_filter: ReportFilter | None = None,
    *,
    now: datetime,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    topic_titles: Mapping[str, str] | None = None,
) -> Report:
    """The report over ``config``'s database, which the caller has already opened once
    (created or migrated); this reads it on a connection of its own."""
    engine = make_engine(config.db_path)
    try:
        with engine.connect() as connection:
            return build_report(
                connection,
                config.settings,
                report_filter,
                now=now,
                tz=tz,
                progress=progress,
                topic_titles=topic_titles,
            )
    finally:
        engine.dispose()


def save_html(report: Report, home: Path) -> Path:
    """Write the HTML report to ``home/reports/studyapp-report-<time>.html``."""
    folder = home / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"studyapp-report-{report.generated_at:%Y%m%d-%H%M%S}.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path
