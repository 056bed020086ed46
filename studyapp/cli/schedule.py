"""Scriptable study commands: ``sync``, ``due``, ``rate``, ``undo``, ``suspend``, ``unsuspend``.

Each one opens the store exactly as the review app does, so ``rate`` records a review the
same way the TUI would.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING

from studyapp.cli.common import config_from_args, fail, print_json
from studyapp.cli.options import add_command
from studyapp.plural import plural

if TYPE_CHECKING:
    from studyapp.scheduling.graded_answer import GradedAnswer
    from studyapp.scheduling.service import StudyService
    from studyapp.store.sync import SyncReport

RATINGS = ("again", "hard", "good", "easy")


def register(subparsers: argparse._SubParsersAction) -> None:
    sync = add_command(subparsers, "sync", "bring the content folders into the database")
    sync.add_argument("--json", action="store_true", help="machine-readable output")
    sync.set_defaults(handler=run_sync)

    due = add_command(subparsers, "due", "list what is due now, in review order")
    due.add_argument("--deck", metavar="D", help="only this deck")
    due.add_argument("--json", action="store_true", help="machine-readable output")
    due.set_defaults(handler=run_due)

    rate = add_command(subparsers, "rate", "record one review of an item")
    rate.add_argument("item_id", metavar="ID")
    rate.add_argument("rating", choices=RATINGS)
    rate.add_argument("--elapsed-ms", type=int, default=0, help="time spent on the item")
    rate.add_argument(
        "--answer", help="the answer typed: an exercise's or derivation's is graded as in the app"
    )
    rate.add_argument(
        "--seed", type=int, help="the draw of a parameterised exercise the answer is to"
    )
    rate.add_argument("--json", action="store_true", help="machine-readable output")
    rate.set_defaults(handler=run_rate)

    undo = add_command(subparsers, "undo", "undo the latest review (repeat to go further back)")
    undo.set_defaults(handler=run_undo)

    for name, help_text in (
        ("suspend", "keep an item out of reviews until unsuspended"),
        ("unsuspend", "return a suspended item (or leech) to reviews"),
    ):
        command = add_command(subparsers, name, help_text)
        command.add_argument("item_id", metavar="ID")
        command.set_defaults(handler=run_suspend, suspend=name == "suspend")


@contextmanager
def open_service(args: argparse.Namespace) -> Iterator[StudyService]:
    """The study service for these arguments; store problems end the command with a message."""
    config = config_from_args(args)
    from studyapp.scheduling.service import StudyService
    from studyapp.store.errors import StoreError

    try:
        service = StudyService.open(config)
    except StoreError as exc:
        fail(str(exc))
    warning = service.backup_if_due()
    if warning:  # the command goes on: a missing backup must not stop anyone studying
        print(f"studyapp: warning: {warning}", file=sys.stderr)
    try:
        yield service
    except StoreError as exc:
        fail(str(exc))
    except KeyError as exc:
        fail(str(exc.args[0]))
    finally:
        service.close()


def run_sync(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        report = service.sync()
    if args.json:
        print_json(sync_json(report))
    else:
        print(describe_sync(report))
        for problem in report.problems:
            print(problem)
    return 0


def run_due(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        mention_problems(service.sync())
        if args.deck is not None:
            known = [deck.deck_id for deck in service.deck_summaries()]
            if args.deck not in known:
                fail(f"no deck {args.deck!r}; decks: {', '.join(known) or 'none'}")
        entries = service.due(args.deck)
    if args.json:
        print_json([entry.to_json() for entry in entries])
        return 0
    if not entries:
        print("nothing due now")
    deck_width = max((len(entry.deck) for entry in entries), default=0)
    for entry in entries:
        print(
            f"{entry.due:%Y-%m-%d %H:%M}Z  {entry.state:<10} {entry.kind:<10}  "
            f"{entry.deck:<{deck_width}}  {entry.id}"
        )
    return 0


def run_rate(args: argparse.Namespace) -> int:
    from studyapp.scheduling import Rating

    with open_service(args) as service:
        mention_problems(service.sync())
        # The app never shows a suspended item, so a script should not rate one either.
        if service.is_suspended(args.item_id):
            fail(f"{args.item_id} is suspended; `studyapp unsuspend {args.item_id}` first")
        graded, params = grade_for_review(service, args.item_id, args.answer, args.seed)
        record = service.rate(
            args.item_id,
            Rating[args.rating.capitalize()],
            args.elapsed_ms,
            answer=args.answer,
            verdict=graded.verdict if graded else None,
            feedback=graded.feedback if graded else None,
            params=params,
        )
    if args.json:
        print_json(
            {
                "review_id": record.id,
                "id": record.item_id,
                "rating": args.rating,
                "reviewed_at": record.reviewed_at.isoformat(),
                "state_before": record.queue,
                "due": record.due.isoformat(),
                "leech": record.became_leech,
                "verdict": graded.verdict if graded else None,
                "feedback": graded.message if graded else None,
            }
        )
        return 0
    wait = human_interval(record.due - record.reviewed_at)
    if graded is not None:
        same = graded.message.casefold() in ("", graded.verdict)
        print(graded.verdict if same else f"{graded.verdict}: {graded.message}")
    print(f"{record.item_id}: {args.rating}; next due {record.due:%Y-%m-%d %H:%M}Z (in {wait})")
    if record.became_leech:
        print(f"{record.item_id} is a leech and was suspended; rewrite it, then unsuspend it")
    return 0


def grade_for_review(
    service: StudyService, item_id: str, answer: str | None, seed: int | None
) -> tuple[GradedAnswer | None, dict | None]:
    """The graded answer to an exercise or derivation, and the drawn values to store with
    it (``seed``: the draw the answer is to; without it, the exercise as written). An
    answer that cannot be read records nothing, as in the app."""
    from studyapp.content.model import Card
    from studyapp.scheduling.graded_answer import grade_answer
    from studyapp.scheduling.variant import ExerciseVariant, exercise_variant

    item = service.content.item(item_id)
    if answer is None or item is None or isinstance(item, Card):
        return None, None
    variant = ExerciseVariant(item.prompt) if seed is None else exercise_variant(item, seed)
    if variant.problem:
        fail(f"{item_id}: {variant.problem}")
    graded = grade_answer(item, answer, variant, service.config.settings.check_timeout_s)
    if graded.verdict == "invalid":
        fail(f"could not read that answer ({graded.message}); nothing was recorded")
    return graded, variant.stored


def run_undo(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        item_id = service.undo()
    if item_id is None:
        print("nothing to undo")
        return 1
    print(f"undid the latest review of {item_id}")
    return 0


def run_suspend(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        mention_problems(service.sync())  # like due and rate: an item just written is known
        action: Callable[[str], None] = service.suspend if args.suspend else service.unsuspend
        action(args.item_id)
    print(f"{args.item_id} {'suspended' if args.suspend else 'unsuspended'}")
    return 0


def mention_problems(report: SyncReport) -> None:
    """A typo in --content or a broken file should not pass unnoticed by a script."""
    if report.problems:
        count = plural(len(report.problems), "content problem")
        print(f"studyapp: {count}; `studyapp sync` lists them", file=sys.stderr)


def sync_json(report: SyncReport) -> dict:
    return {
        "added": report.added,
        "updated": report.updated,
        "moved": report.moved,
        "revived": report.revived,
        "retired": report.retired,
        "unchanged": report.unchanged,
        "cached_files": report.cached_files,
        "problems": [str(problem) for problem in report.problems],
    }


def describe_sync(report: SyncReport) -> str:
    counts = sync_json(report)
    counts.pop("problems")
    cached = counts.pop("cached_files")
    text = ", ".join(f"{value} {key}" for key, value in counts.items())
    return f"{text} ({plural(cached, 'file')} unchanged since the last sync)"


def human_interval(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}" if unit != "d" else f"{seconds // size}d"
    return f"{seconds}s"
