"""``studyapp import FILE`` and ``studyapp export FILE.apkg``: Anki packages in and out."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from studyapp.cli.common import config_from_args, fail, print_json
from studyapp.cli.options import add_command
from studyapp.plural import plural


def register(subparsers: argparse._SubParsersAction) -> None:
    importer = add_command(
        subparsers,
        "import",
        "import an Anki package (.apkg/.colpkg): its decks as content, its reviews as history",
    )
    importer.add_argument("file", metavar="FILE", help="an .apkg or .colpkg file")
    importer.add_argument(
        "--to", metavar="DIR", help="where to write the decks (default: a folder in the data dir)"
    )
    importer.add_argument("--json", action="store_true", help="print a JSON summary")
    importer.set_defaults(handler=run_import)

    exporter = add_command(
        subparsers, "export", "export decks as an Anki package (.apkg) that Anki imports"
    )
    exporter.add_argument("file", metavar="FILE.apkg", help="the package to write")
    exporter.add_argument("--deck", metavar="D", help="only this deck (id or title)")
    exporter.add_argument(
        "--with-history",
        action="store_true",
        help="also carry the review log and each item's scheduling",
    )
    exporter.add_argument("--json", action="store_true", help="print a JSON summary")
    exporter.set_defaults(handler=run_export)


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    """Progress lines on a terminal (stderr), nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return None

    def show(message: str) -> None:
        sys.stderr.write(f"\r\x1b[K{message}")
        sys.stderr.flush()

    return show


def run_import(args: argparse.Namespace) -> int:
    from studyapp.config import HomeError
    from studyapp.interop.anki.importer import AnkiPackageError, import_package
    from studyapp.store.errors import StoreError

    config = config_from_args(args)
    progress = _progress(args.json)
    try:
        summary = import_package(
            config,
            Path(args.file),
            Path(args.to) if args.to else None,
            datetime.now(UTC),
            progress,
        )
    except (AnkiPackageError, StoreError, HomeError) as exc:
        if progress:
            sys.stderr.write("\r\x1b[K")
        fail(str(exc))
        return 2
    if progress:
        sys.stderr.write("\r\x1b[K")
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(summary.as_json())
        return 0
    print(
        f"imported {plural(summary.notes, 'note')} ({plural(summary.cards, 'card')}), "
        f"{plural(summary.reviews, 'review')} ({summary.new_reviews:,} new), "
        f"{plural(summary.decks, 'deck')}, {plural(summary.media, 'media file')} "
        f"into {summary.folder}"
    )
    for entry in summary.skipped:
        print(f"skipped {plural(entry['count'], entry['what'])}: {entry['why']}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from studyapp.interop.anki.exporter import ExportError, export_package
    from studyapp.store.errors import StoreError

    config = config_from_args(args)
    try:
        summary = export_package(
            config, Path(args.file), args.deck, args.with_history, datetime.now(UTC)
        )
    except (ExportError, StoreError) as exc:
        fail(str(exc))
        return 2
    if args.json:
        print_json(summary)
        return 0
    print(
        f"exported {plural(summary['notes'], 'note')} ({plural(summary['cards'], 'card')}), "
        f"{plural(summary['reviews'], 'review')}, {plural(summary['decks'], 'deck')}, "
        f"{plural(summary['media'], 'media file')} to {args.file}"
    )
    return 0
