"""Helpers shared by the subcommands: building the config, printing errors and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from studyapp.config import AppConfig, HomeError, load_config

BAR_WIDTH = 24


def config_from_args(args: argparse.Namespace) -> AppConfig:
    """The AppConfig for these arguments; exits with a clear message if home is unusable."""
    try:
        return load_config(
            home=getattr(args, "home", None),
            content=getattr(args, "content", []) or [],
            include_bundled=not getattr(args, "no_bundled", False),
        )
    except HomeError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


def fail(message: str, code: int = 2) -> None:
    print(f"studyapp: error: {message}", file=sys.stderr)
    sys.exit(code)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write("\n")


def progress_bar(command: str, counts: bool) -> Callable[[int, int, str], None] | None:
    """A one-line bar on stderr for a long ``command`` (with ``done/total`` when ``counts``),
    only on a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, stage: str) -> None:
        filled = BAR_WIDTH * done // total
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        count = f" {done}/{total}" if counts else ""
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r\x1b[2K{command} [{bar}]{count} {stage}{end}")
        sys.stderr.flush()

    return show
