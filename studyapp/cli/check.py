"""``studyapp check [PATH…]``: lint content and self-test every exercise through the checker."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from studyapp.cli.common import config_from_args, print_json
from studyapp.cli.options import add_command
from studyapp.plural import plural


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "check",
        "lint content and grade every exercise's own answers (exit 1 on any problem)",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="content folders or files (default: all loaded content)")
    parser.add_argument("--fix", action="store_true", help="write generated ids into the files")
    parser.add_argument("--no-grade", action="store_true", help="only lint; do not grade answers")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from studyapp.checking.reading.latex import content_math_problems
    from studyapp.content.ids import fix_ids
    from studyapp.content.lint import lint

    dirs = [Path(p).resolve() for p in args.paths] or list(config_from_args(args).content_dirs)
    fixed = fix_ids(dirs) if args.fix else 0
    content = lint(dirs)
    problems = [*content.problems, *content_math_problems(content)]
    if not args.no_grade:
        from studyapp.checking.exercises import run_selftest

        problems.extend(run_selftest(content))
    counts = {deck.id: dict(Counter(item.item_kind.value for item in deck.items())) for deck in content.decks}
    if args.json:
        print_json(
            {
                "ok": not problems,
                "fixed_ids": fixed,
                "decks": counts,
                "problems": [
                    {"path": p.source.path, "line": p.source.line, "severity": p.severity.value, "message": p.message}
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            print(problem)
        if fixed:
            print(f"wrote {plural(fixed, 'id')} into content files")
        for deck_id, kinds in counts.items():
            summary = ", ".join(plural(n, kind) for kind, n in sorted(kinds.items()))
            print(f"{deck_id}: {summary or 'empty'}")
        total = Counter(p.severity.value for p in problems)
        print(
            f"checked {plural(len(counts), 'deck')}, "
            f"{plural(sum(sum(k.values()) for k in counts.values()), 'item')}: "
            f"{plural(total['error'], 'error')}, {plural(total['warning'], 'warning')}"
        )
    return 1 if problems else 0
