"""The options every subcommand shares, and the one way a command module adds itself."""

from __future__ import annotations

import argparse
from datetime import date


def add_common_options(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """Options every subcommand understands (where data and content live).

    They are accepted before and after the subcommand; on subcommands the defaults are
    suppressed so they do not overwrite a value given before the subcommand.
    """
    unset = {} if top_level else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="data directory (default: $STUDYAPP_HOME or the user data dir)",
        **({"default": None} if top_level else unset),
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        help="an extra content folder to load beside the bundled decks (repeatable)",
        **({"default": []} if top_level else unset),
    )
    parser.add_argument(
        "--no-bundled",
        action="store_true",
        help="do not load the decks shipped with studyapp",
        **unset,
    )


def add_command(
    subparsers: argparse._SubParsersAction, name: str, help: str, **kwargs
) -> argparse.ArgumentParser:
    """Create a subcommand parser that also accepts the common options."""
    parser = subparsers.add_parser(name, help=help, description=help, **kwargs)
    add_common_options(parser)
    return parser


def date_argument(text: str) -> date:
    """A study day given as YYYY-MM-DD (``--since``, ``--until``), as an argparse type."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-01") from None
