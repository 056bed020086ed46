"""``studyapp find`` (search every item) and ``studyapp mistakes`` (what keeps going wrong)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studyapp.cli.common import fail, print_json
from studyapp.cli.options import add_command, date_argument
from studyapp.cli.schedule import mention_problems, open_service

if TYPE_CHECKING:
    from studyapp.scheduling.service import StudyService
    from studyapp.store.queries.browse import FoundItem
    from studyapp.store.queries.mistakes import Mistake

FIND_LIMIT = 50
# The store's filters (store.queries.browse), named here so `studyapp --help` imports no store.
STATES = ("new", "learning", "review", "suspended", "leech")
KINDS = ("card", "exercise", "derivation")


def register(subparsers: argparse._SubParsersAction) -> None:
    find = add_command(subparsers, "find", "search every item's text, best match first")
    find.add_argument("query", metavar="QUERY", nargs="?", default="", help="words to find")
    find.add_argument("--deck", metavar="D", help="only this deck")
    find.add_argument("--state", choices=STATES, help="only items in this state")
    find.add_argument("--kind", choices=KINDS, help="only this kind of item")
    find.add_argument("--due", choices=("today", "overdue"), help="only items due today / overdue")
    find.add_argument(
        "--limit", type=int, default=FIND_LIMIT, help=f"at most N (default {FIND_LIMIT})"
    )
    find.add_argument("--json", action="store_true", help="machine-readable output")
    find.set_defaults(handler=run_find)

    mistakes = add_command(
        subparsers, "mistakes", "the mistakes you keep making, per exercise, most frequent first"
    )
    mistakes.add_argument("--deck", metavar="D", help="only this deck")
    mistakes.add_argument(
        "--since", metavar="DATE", type=date_argument, help="from this study day on"
    )
    mistakes.add_argument("--json", action="store_true", help="machine-readable output")
    mistakes.set_defaults(handler=run_mistakes)


def run_find(args: argparse.Namespace) -> int:
    if args.limit < 1:
        fail("--limit must be at least 1")
    with open_service(args) as service:
        mention_problems(service.sync())
        check_deck(service, args.deck)
        where = service.item_filter(
            args.query, deck=args.deck, state=args.state, kind=args.kind, due=args.due
        )
        found = service.find(where, args.limit)
    if args.json:
        print_json([found_json(item) for item in found])
        return 0
    if not found:
        print("nothing found")
    for item in found:
        due = "-" if item.due is None else f"{_utc(item.due):%Y-%m-%d}"
        flags = " suspended" if item.suspended else ""
        print(f"{item.id}  [{item.deck_id} · {item.kind} · {state_label(item)}{flags} · due {due}]")
        print(f"    {plain(item.text)}")
    return 0


def run_mistakes(args: argparse.Namespace) -> int:
    from studyapp.report.scope import Calendar

    with open_service(args) as service:
        mention_problems(service.sync())
        check_deck(service, args.deck)
        since = None
        if args.since is not None:
            since = Calendar(service.config.settings.rollover_hour).start_of(args.since)
        found = service.mistakes(args.deck, since)
    if args.json:
        print_json([mistake_json(mistake) for mistake in found])
        return 0
    if not found:
        print("no mistakes recorded")
    for mistake in found:
        status = "resolved" if mistake.resolved else "unresolved"
        print(
            f"{mistake.count:>3}×  {mistake.item_id}: {mistake.text}  "
            f"(last {_utc(mistake.last_seen):%Y-%m-%d}, {status})"
        )
    return 0


def check_deck(service: StudyService, deck_id: str | None) -> None:
    if deck_id is not None:
        known = [deck.deck_id for deck in service.deck_summaries()]
        if deck_id not in known:
            fail(f"no deck {deck_id!r}; decks: {', '.join(known) or 'none'}")


def found_json(item: FoundItem) -> dict:
    return {
        "id": item.id,
        "deck": item.deck_id,
        "kind": item.kind,
        "state": state_label(item),
        "due": None if item.due is None else _utc(item.due).isoformat(),
        "suspended": item.suspended,
        "leech": item.leech,
        "lapses": item.lapses,
        "last_verdict": item.last_verdict,
        "text": plain(item.text),
    }


def mistake_json(mistake: Mistake) -> dict:
    return {
        "exercise": mistake.item_id,
        "deck": mistake.deck_id,
        "kind": mistake.kind,
        "mistake": mistake.text,
        "count": mistake.count,
        "last_seen": _utc(mistake.last_seen).isoformat(),
        "resolved": mistake.resolved,
    }


def state_label(item: FoundItem) -> str:
    from studyapp.store.item_conditions import Queue

    return Queue(item.state).label


def plain(text: str) -> str:
    """A stored snippet as one line of plain text."""
    from studyapp.store.queries.browse import MATCH_END, MATCH_START
    from studyapp.store.queries.search_index import shown

    return " ".join(shown(text).replace(MATCH_START, "").replace(MATCH_END, "").split())


def _utc(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, UTC)
