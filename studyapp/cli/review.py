"""``studyapp review`` (also bare ``studyapp``): open the review TUI."""

from __future__ import annotations

import argparse

from studyapp.cli import add_command
from studyapp.cli.common import config_from_args


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "review", "open the review app (the default command)")
    parser.add_argument("--deck", metavar="D", help="start reviewing this deck right away")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    from studyapp.tui.app import create_app  # lazy: keeps other subcommands fast

    app = create_app(config, deck_id=args.deck)
    app.run()
    return app.return_code or 0
