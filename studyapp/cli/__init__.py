"""The ``studyapp`` command: a thin argparse layer over the core.

Each module in this package that defines ``register(subparsers)`` contributes one or more
subcommands; the handler it sets with ``set_defaults(handler=...)`` receives the parsed
arguments and returns the process exit code. Handlers import heavy modules (sympy, the
TUI) lazily so that ``studyapp --help`` and the TUI's start stay fast.
With no subcommand, ``studyapp`` opens the review TUI.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from studyapp import __version__
from studyapp.cli.options import add_common_options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studyapp",
        description="Review machine-learning cards and exercises in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    add_common_options(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not _names_a_command(parser, argv) and not {"-h", "--help", "--version"} & set(argv):
        argv = ["review", *argv]  # bare `studyapp [--deck D] [--home DIR]` opens the TUI
    args = parser.parse_args(argv)
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # inside the try, so a closed pipe is caught here
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `studyapp due | head` closed the pipe early; keep the exit-time flush quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _names_a_command(parser: argparse.ArgumentParser, argv: list[str]) -> bool:
    """Whether a subcommand appears in ``argv`` (not as the value of --home/--content)."""
    commands = next(
        action.choices for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    takes_value = {"--home", "--content"}
    return any(token in commands and (i == 0 or argv[i - 1] not in takes_value) for i, token in enumerate(argv))


if __name__ == "__main__":
    sys.exit(main())
