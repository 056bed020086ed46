"""``studyapp report``: progress reports as HTML, Markdown, CSV or JSON.

Where the output goes:

* ``html``: the file given with ``-o``, else ``studyapp-report.html`` in the current folder.
* ``md`` and ``json``: standard output, or the file given with ``-o``.
* ``csv``: two tables, the review log and the items. With ``-o DIR`` (an existing folder
  or a path ending in ``/``) they are ``DIR/reviews.csv`` and ``DIR/items.csv``; with
  ``-o FILE.csv`` they are ``FILE.csv`` and ``FILE-items.csv``; without ``-o`` the review
  log goes to standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from studyapp.cli.common import config_from_args, fail, progress_bar
from studyapp.cli.options import add_command, date_argument
from studyapp.plural import plural

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from studyapp.config import AppConfig, Settings
    from studyapp.report import ReportFilter

FORMATS = ("html", "md", "csv", "json")
DEFAULT_HTML = "studyapp-report.html"
STDOUT = "-"  # ``-o -``: standard output, as for most command-line tools


def register(subparsers: argparse._SubParsersAction) -> None:
    report = add_command(
        subparsers, "report", "write a progress report (HTML with charts, Markdown, CSV, JSON)"
    )
    report.add_argument("--format", choices=FORMATS, default="html", help="default: html")
    report.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=f"where to write, - for stdout (html default: ./{DEFAULT_HTML}; csv: a folder or "
        "FILE.csv)",
    )
    report.add_argument("--deck", metavar="D", help="only this deck (its id)")
    report.add_argument(
        "--since", metavar="DATE", type=date_argument, help="first study day, YYYY-MM-DD"
    )
    report.add_argument(
        "--until", metavar="DATE", type=date_argument, help="last study day, YYYY-MM-DD"
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from studyapp.report import ReportFilter
    from studyapp.store.database import open_database
    from studyapp.store.engine import driver
    from studyapp.store.errors import StoreError
    from studyapp.store.queries.decks import all_deck_ids, stored_topic_titles

    if args.since and args.until and args.since > args.until:
        fail(f"--since {args.since} is after --until {args.until}")
    config = config_from_args(args)
    now = datetime.now(UTC)
    try:
        engine = open_database(config, now)
    except StoreError as exc:
        fail(str(exc))
    report_filter = ReportFilter(deck=args.deck, since=args.since, until=args.until)
    titles = topic_titles(config)
    try:
        with engine.connect() as connection:
            # a topic whose folder is not loaded now keeps the title it was last synced with
            titles = {**stored_topic_titles(driver(connection)), **titles}
            if args.deck is not None:
                known = all_deck_ids(driver(connection))
                if args.deck not in known:
                    fail(f"no deck {args.deck!r}; decks: {', '.join(known) or 'none (run sync)'}")
            if args.format == "csv":
                _write_csv(
                    connection, config.settings.rollover_hour, report_filter, now, args, titles
                )
            else:
                _write_report(connection, config.settings, report_filter, now, args, titles)
    finally:
        engine.dispose()
    return 0


def _write_report(
    connection: Connection,
    settings: Settings,
    report_filter: ReportFilter,
    now: datetime,
    args: argparse.Namespace,
    titles: dict[str, str],
) -> None:
    from studyapp.report import build_report
    from studyapp.report.render import render_html, render_json, render_markdown

    report = build_report(
        connection,
        settings,
        report_filter,
        now=now,
        progress=progress_bar("report", counts=True),
        topic_titles=titles,
    )
    render = {"html": render_html, "md": render_markdown, "json": render_json}[args.format]
    output = render(report)
    if args.format == "json":
        output += "\n"
    target = args.output or (DEFAULT_HTML if args.format == "html" else None)
    if target in (None, STDOUT):
        sys.stdout.write(output)
        return
    path = Path(target)
    _write_file(path, output)
    print(f"wrote {path}", file=sys.stderr)


def _write_csv(
    connection: Connection,
    rollover_hour: int,
    report_filter: ReportFilter,
    now: datetime,
    args: argparse.Namespace,
    titles: dict[str, str],
) -> None:
    from studyapp.report.render import write_item_csv, write_review_csv
    from studyapp.report.scope import make_scope
    from studyapp.scheduling.parameters import parameters_in_force
    from studyapp.store.engine import driver

    parameters = parameters_in_force(driver(connection), report_filter.deck)
    scope = make_scope(rollover_hour, report_filter, now, None, parameters)
    if args.output in (None, STDOUT):
        write_review_csv(connection, sys.stdout, scope, titles)
        return
    reviews_path, items_path = csv_paths(args.output)
    with _open(reviews_path) as out:
        reviews = write_review_csv(connection, out, scope, titles)
    with _open(items_path) as out:
        items = write_item_csv(connection, out, scope, titles)
    print(
        f"wrote {reviews_path} ({plural(reviews, 'review')}) "
        f"and {items_path} ({plural(items, 'item')})",
        file=sys.stderr,
    )


def topic_titles(config: AppConfig) -> dict[str, str]:
    """Topic titles from the content folders loaded now. Content problems are ``studyapp
    check``'s business; a topic that fails to load keeps its stored title, or its id."""
    from studyapp.content.loader import load_content
    from studyapp.report.build import topic_titles_of

    return topic_titles_of(load_content(config.content_dirs))


def csv_paths(output: str) -> tuple[Path, Path]:
    """(review log, item table) for ``-o``: a folder, or a file name and its ``-items`` twin."""
    path = Path(output)
    if path.is_dir() or output.endswith(("/", os.sep)):
        return path / "reviews.csv", path / "items.csv"
    stem = path.name.removesuffix(".csv")
    return path.with_name(f"{stem}.csv"), path.with_name(f"{stem}-items.csv")


def _open(path: Path) -> TextIO:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
        raise


def _write_file(path: Path, content: str) -> None:
    with _open(path) as out:
        out.write(content)
