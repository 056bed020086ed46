"""``studyapp paths``: show where data, backups and content are read from."""

from __future__ import annotations

import argparse

from studyapp.cli.common import config_from_args, print_json
from studyapp.cli.options import add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "paths", "show the data directory, database and content folders")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    info = {
        "home": str(config.home),
        "database": str(config.db_path),
        "backups": str(config.backup_dir),
        "content": [str(p) for p in config.content_dirs],
    }
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            print(f"{key:9} {value if isinstance(value, str) else ', '.join(value)}")
    return 0
