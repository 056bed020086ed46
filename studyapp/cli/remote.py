"""``studyapp remote set URL | sync [--json] | status``: sync devices through PostgreSQL."""

from __future__ import annotations

import argparse

from studyapp.cli.common import config_from_args, fail, print_json
from studyapp.cli.options import add_command, add_common_options


def register(subparsers: argparse._SubParsersAction) -> None:
    remote = add_command(subparsers, "remote", "sync reviews with other devices through PostgreSQL")
    actions = remote.add_subparsers(dest="remote_action", metavar="ACTION", required=True)
    chosen = actions.add_parser(
        "set", help="store the server's URL (postgresql://user:password@host/db)"
    )
    chosen.add_argument("url", metavar="URL")
    add_common_options(chosen)
    chosen.set_defaults(handler=run_set)
    sync = actions.add_parser("sync", help="push this device's reviews, then pull the others'")
    sync.add_argument("--json", action="store_true", help="machine-readable output")
    add_common_options(sync)
    sync.set_defaults(handler=run_sync)
    status = actions.add_parser("status", help="where the remote is and what waits to be sent")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    add_common_options(status)
    status.set_defaults(handler=run_status)


def run_set(args: argparse.Namespace) -> int:
    from studyapp.remote import RemoteError
    from studyapp.remote.address import mask_url, save_remote

    config = config_from_args(args)
    try:
        path = save_remote(config.home, args.url)
    except RemoteError as exc:
        fail(str(exc))
    print(f"remote set to {mask_url(args.url.strip())} (stored in {path}, readable by you only)")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from studyapp.cli.schedule import open_service
    from studyapp.remote import RemoteError
    from studyapp.remote.connection import require_driver
    from studyapp.remote.sync import sync

    remote = _remote_or_fail(args)
    try:
        require_driver()
        with open_service(args) as service:
            service.sync()  # the content first, so pulled reviews find their items
            outcome = sync(service, remote)
    except RemoteError as exc:
        fail(str(exc), code=1)
    if args.json:
        print_json(outcome.to_json())
    else:
        print(outcome.describe())
    return 0


def run_status(args: argparse.Namespace) -> int:
    from studyapp.cli.schedule import open_service
    from studyapp.remote import RemoteError
    from studyapp.remote.connection import require_driver
    from studyapp.remote.sync import status

    remote = _remote_or_fail(args)
    try:
        require_driver()
        with open_service(args) as service:
            report = status(service, remote)
    except RemoteError as exc:
        fail(str(exc), code=1)
    if args.json:
        print_json(report)
        return 0
    print(f"remote: {report['remote']} (from {report['from']})")
    print(f"this device: {report['device']}")
    print(f"waiting to be sent: {report['not_pushed']}")
    last = report["last_sync"]
    if last is None:
        print("last sync: never")
    else:
        print(
            f"last sync: {last['at']} ({last['pushed']} sent, {last['pulled']} received, "
            f"{last['items_replayed']} items rescheduled)"
        )
    server = report["server"]
    if isinstance(server, dict):
        print(
            f"server: {server['devices']} devices, {server['reviews']} reviews, "
            f"{server['facts']} other records"
        )
    else:
        print(f"server: {server}")
    return 0


def _remote_or_fail(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from studyapp.remote import RemoteError
    from studyapp.remote.address import REMOTE_ENV, configured_remote

    try:
        remote = configured_remote(config_from_args(args).home)
    except RemoteError as exc:
        fail(str(exc))
    if remote is None:
        fail(f"no remote set; `studyapp remote set postgresql://user:password@host/db` or {REMOTE_ENV}")
    return remote
