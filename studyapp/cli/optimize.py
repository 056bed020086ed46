"""``studyapp optimize``: fit FSRS parameters to the review log, go back, or weigh retentions.

* ``studyapp optimize [--deck D]`` fits, scores the current and the new parameters on the
  log, and adopts the new ones when they are better and the history is long enough
  (``studyapp.scheduling.fitting.optimize``). ``--json`` prints the outcome as one object.
* ``--revert`` gives up the adopted set (the one before it, or FSRS's defaults, holds).
* Adopting or reverting recomputes the items' memory states with the parameters then in
  force; due dates are kept (``studyapp.scheduling.fitting.memory``).
* ``--retention`` simulates the reviews per day each desired retention would cost with the
  parameters in force (``studyapp.scheduling.fitting.workload``).
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from studyapp.cli.common import config_from_args, fail, print_json, progress_bar
from studyapp.cli.options import add_command

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from studyapp.config import AppConfig
    from studyapp.scheduling.fitting.optimize import Outcome
    from studyapp.scheduling.fitting.workload import Workload


MEMORY_STATES_NOTE = (
    "the items' memory states now follow the parameters in force; due dates are kept, "
    "each item's next review schedules with them"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    command = add_command(
        subparsers, "optimize", "fit the FSRS scheduler's parameters to your own reviews"
    )
    command.add_argument("--deck", metavar="D", help="fit to (and schedule) this deck only")
    command.add_argument("--json", action="store_true", help="machine-readable output")
    what = command.add_mutually_exclusive_group()
    what.add_argument(
        "--revert", action="store_true", help="go back to the parameters adopted before"
    )
    what.add_argument(
        "--retention",
        action="store_true",
        help="show the reviews per day each desired retention would cost",
    )
    command.set_defaults(handler=run_optimize)


def run_optimize(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    now = datetime.now(UTC)
    with _transaction(config, now) as connection:
        _check_deck(connection, args.deck)
        if args.revert:
            _revert(connection, args, now)
        elif args.retention:
            _retention(connection, config, args)
        else:
            _optimize(connection, config, args, now)
    return 0


@contextmanager
def _transaction(config: AppConfig, now: datetime) -> Iterator[Connection | sqlite3.Connection]:
    """One transaction on the store, committed if the command finishes: on the file itself
    when it is at this version's schema (no SQLAlchemy to import, most of a second of a
    fit's wait), else through ``open_database``, which migrates or says what is wrong."""
    from studyapp.store.engine import connect_at_head

    plain = connect_at_head(config.db_path, config.settings.durability)
    if plain is not None:
        try:
            with plain:
                yield plain
        finally:
            plain.close()
        return
    from studyapp.store.database import open_database
    from studyapp.store.errors import StoreError

    try:
        engine = open_database(config, now)
    except StoreError as exc:
        fail(str(exc))
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _check_deck(connection: Connection | sqlite3.Connection, deck_id: str | None) -> None:
    from studyapp.store.engine import driver
    from studyapp.store.queries.decks import all_deck_ids

    if deck_id is None:
        return
    known = all_deck_ids(driver(connection))
    if deck_id not in known:
        fail(f"no deck {deck_id!r}; decks: {', '.join(known) or 'none (run sync)'}")


def _optimize(
    connection: Connection | sqlite3.Connection,
    config: AppConfig,
    args: argparse.Namespace,
    now: datetime,
) -> None:
    from studyapp.scheduling.fitting.optimize import optimize

    outcome = optimize(
        connection,
        rollover_hour=config.settings.rollover_hour,
        now=now,
        deck_id=args.deck,
        progress=None if args.json else progress_bar("optimize", counts=False),
    )
    if args.json:
        print_json(outcome.to_json())
    else:
        print(describe_outcome(outcome))


def describe_outcome(outcome: Outcome) -> str:
    lines = [f"{outcome.reviews:,} reviews read in {outcome.seconds:.1f}s"]
    if outcome.before is not None and outcome.after is not None:
        lines.append(
            f"log loss {outcome.before.log_loss:.4f} → {outcome.after.log_loss:.4f}, "
            f"RMSE (bins) {outcome.before.rmse:.2%} → {outcome.after.rmse:.2%}"
        )
    lines.append(f"{'adopted' if outcome.adopted else 'not adopted'}: {outcome.reason}")
    if outcome.adopted:
        lines.append("parameters: " + ", ".join(f"{p:.4f}" for p in outcome.parameters))
        lines.append(f"{MEMORY_STATES_NOTE} ({outcome.memory_states:,} items)")
    return "\n".join(lines)


def _revert(
    connection: Connection | sqlite3.Connection, args: argparse.Namespace, now: datetime
) -> None:
    from studyapp.scheduling.fitting.optimize import revert
    from studyapp.scheduling.parameters import parameters_in_force, set_in_force
    from studyapp.store.engine import driver

    given_up = revert(connection, now=now, deck_id=args.deck)
    db = driver(connection)
    in_force = set_in_force(db, args.deck)
    parameters = parameters_in_force(db, args.deck)
    if args.json:
        print_json(
            {
                "reverted": given_up is not None,
                "parameters": list(parameters),
                "defaults": in_force is None,
            }
        )
        return
    if given_up is None:
        scope = f"deck {args.deck}" if args.deck else "all decks"
        print(f"nothing to revert: no parameters of yours are in force for {scope}")
        return
    fitted = datetime.fromtimestamp(given_up.fitted_at / 1000, UTC)
    print(f"gave up the parameters fitted on {fitted:%Y-%m-%d %H:%M}Z")
    if in_force is None:
        print("FSRS's default parameters are in force")
    else:
        since = datetime.fromtimestamp(in_force.fitted_at / 1000, UTC)
        print(f"in force: the parameters fitted on {since:%Y-%m-%d %H:%M}Z")
    print(MEMORY_STATES_NOTE)


def _retention(
    connection: Connection | sqlite3.Connection, config: AppConfig, args: argparse.Namespace
) -> None:
    from studyapp.scheduling.fitting.workload import workload_in
    from studyapp.scheduling.parameters import set_in_force
    from studyapp.store.engine import driver

    settings = config.settings
    result = workload_in(connection, settings, args.deck)
    if args.json:
        print_json({**result.to_json(), "desired_retention": settings.desired_retention})
    else:
        own = set_in_force(driver(connection), args.deck) is not None
        print(describe_workload(result, settings.desired_retention, own))


def describe_workload(result: Workload, desired: float, own: bool) -> str:
    from studyapp.scheduling.fitting.workload import DAYS

    months = len(result.costs[0].reviews_per_day) if result.costs else 0
    header = "retention  " + " ".join(f"month {m + 1:>2}" for m in range(months))
    whose = "your" if own else "the default"
    lines = [
        f"reviews per day over {DAYS} days: {result.items:,} items, "
        + f"{result.new_per_day} new a day, {whose} parameters",
        header + "  min/day  remembered",
    ]
    for cost in result.costs:
        mark = " ←" if abs(cost.retention - desired) < 1e-9 else ""
        cells = " ".join(f"{r:>8.0f}" for r in cost.reviews_per_day)
        lines.append(
            f"{cost.retention:>8.0%}  {cells}  {cost.minutes_per_day:>7.0f}  "
            f"{cost.remembered:>10,.0f}{mark}"
        )
    lines.append(
        f"least time per item remembered at {result.recommended:.0%} "
        f"(desired_retention in config.toml is {desired:.0%})"
    )
    return "\n".join(lines)
