"""``studyapp review`` (also bare ``studyapp``): open the review TUI."""

from __future__ import annotations

import argparse

from studyapp.cli.common import config_from_args, fail
from studyapp.cli.options import add_command
from studyapp.config import AppConfig
from studyapp.store.queries.decks import synced_deck_ids


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "review", "open the review app (the default command)")
    parser.add_argument("--deck", metavar="D", help="start reviewing this deck right away")
    parser.add_argument(
        "--mistakes",
        action="store_true",
        help="review the exercises with repeated mistakes and the cards of their topics",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.deck is not None:
        known = other_decks(config, args.deck)
        if known is not None:
            fail(f"no deck {args.deck!r}; decks: {', '.join(known) or 'none'}")
    from studyapp.tui.app import create_app  # lazy: keeps other subcommands fast

    app = create_app(config, deck_id=args.deck, mistakes=args.mistakes)
    app.run()
    return app.return_code or 0


def other_decks(config: AppConfig, deck_id: str) -> list[str] | None:
    """The deck ids there are when ``deck_id`` is not one of them; None when it is.

    The database answers quickly for a synced deck; only an unknown id (or a deck added
    since the last sync) costs reading the content.
    """
    if deck_id in synced_deck_ids(config.db_path):
        return None
    from studyapp.content.loader import load_content

    known = [deck.id for deck in load_content(config.content_dirs).decks]
    return None if deck_id in known else known
