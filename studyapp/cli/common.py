"""Helpers shared by the subcommands: building the config, printing errors and JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from studyapp.config import AppConfig, HomeError, load_config


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
