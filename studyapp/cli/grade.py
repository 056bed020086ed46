"""``studyapp grade``: grade one answer to an exercise, or a JSONL batch of pairs.

Contract (scripts rely on it):

* ``studyapp grade EXERCISE_ID "ANSWER" [--json] [--params JSON]`` grades against a loaded
  exercise (a derivation takes its lines separated by newlines, or by ``;`` on one line).
* ``studyapp grade --batch FILE.jsonl`` (``-`` for stdin) reads one JSON object per line,
  ``{"expect", "answer", "where"?, "tol"?, "test"?}`` or ``{"steps", "where"?, "goal"?}``,
  and writes one JSON object per line, in order, each with ``verdict``, ``message``,
  ``interpreted`` (plus ``expected``, ``mistake``, ``details``, ``line`` and the input's ``id`` if any).
  A malformed line gives an ``invalid`` result and the batch goes on.
* A derivation's result also has ``steps`` (each with its 1-based ``line``),
  ``first_wrong_step`` (a 0-based index into ``steps``) and ``first_wrong_line`` (1-based,
  the number every message uses: the position in the input's ``steps`` array, or the line
  of ``--steps-file``, blank lines counted).

Exit status: 0 when every answer was graded (whatever the verdicts), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from studyapp.checking import Verdict
from studyapp.cli.common import config_from_args, fail, print_json
from studyapp.cli.options import add_command

_MAX_LINE = 100_000  # characters; longer lines are rejected unread


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "grade", "grade an answer to an exercise, or a JSONL batch of answers"
    )
    parser.add_argument("exercise_id", nargs="?", metavar="EXERCISE_ID")
    parser.add_argument("answer", nargs="?", metavar="ANSWER")
    parser.add_argument(
        "--batch", metavar="FILE", help="JSONL file of answers to grade ('-': stdin)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--params", metavar="JSON", help="drawn values of a parameterised exercise")
    parser.add_argument(
        "--timeout", type=float, metavar="S", help="wall-clock cap per check (default: settings)"
    )
    parser.add_argument(
        "--steps-file", metavar="FILE", help="a derivation's lines, one per line ('-': stdin)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.batch is not None:
        if args.exercise_id is not None:
            fail("give either --batch FILE or EXERCISE_ID ANSWER, not both")
        return _run_batch(args)
    if args.steps_file is not None:
        if args.answer is not None:
            fail("give either ANSWER or --steps-file FILE, not both")
        args.answer = _read_steps_file(args.steps_file)
    if args.exercise_id is None or args.answer is None:
        fail("usage: studyapp grade EXERCISE_ID ANSWER [--json], or studyapp grade --batch FILE")
    return _run_one(args)


def _timeout(args: argparse.Namespace, settings_timeout: float | None) -> float | None:
    value = args.timeout if args.timeout is not None else settings_timeout
    if value is not None and value <= 0:
        fail("--timeout must be positive")
    return value


def _run_one(args: argparse.Namespace) -> int:
    from studyapp.checking.exercises import grade_exercise
    from studyapp.content.loader import load_content
    from studyapp.content.model import Derivation, Exercise

    config = config_from_args(args)
    timeout = _timeout(args, config.settings.check_timeout_s)
    item = load_content(config.content_dirs).by_id().get(args.exercise_id)
    if item is None:
        fail(f"no exercise with id {args.exercise_id!r} in the loaded content")
    params = _params(args.params)
    if isinstance(item, Derivation):
        data = _grade_derivation(item, args.answer, timeout)
    elif isinstance(item, Exercise):
        data = grade_exercise(item, args.answer, params, timeout=timeout).to_dict()
    else:
        fail(f"{args.exercise_id!r} is a card, not an exercise")
    data["id"] = args.exercise_id
    if args.json:
        print_json(data)
    else:
        _print_human(data)
    return 0


def _params(text: str | None) -> dict[str, object] | None:
    if text is None:
        return None
    try:
        params = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"--params is not valid JSON: {exc}")
    if not isinstance(params, dict):
        fail('--params must be a JSON object such as {"n": 12}')
    return params


def _read_steps_file(name: str) -> str:
    try:
        return sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {name}: {exc}")
        raise  # unreachable: fail() exits


def _grade_derivation(derivation: Any, answer: str, timeout: float | None) -> dict[str, Any]:
    from studyapp.checking.derivations import grade_derivation

    # A steps file is numbered by its lines; a one-line answer by its ``;``-separated parts.
    lines = answer.splitlines() if "\n" in answer.strip() else answer.split(";")
    lines = [line.strip() for line in lines]
    limit = None if timeout is None else timeout * max(1, sum(1 for line in lines if line))
    return grade_derivation(derivation, lines, timeout=limit).to_dict()


def _print_human(data: dict[str, Any]) -> None:
    message = data.get("message") or ""
    same = message.casefold() in ("", data["verdict"].casefold())
    print(data["verdict"] if same else f"{data['verdict']}: {message}")
    for index, step in enumerate(data.get("steps", ()), start=1):  # a derivation's lines
        print(f"  {step.get('line') or index}. {step['status']}: {step['message']}")
    if data.get("interpreted"):
        print(f"  read as:  {data['interpreted']}")
    if data.get("expected"):
        print(f"  expected: {data['expected']}")


def _run_batch(args: argparse.Namespace) -> int:
    from studyapp.checking import sandbox
    from studyapp.checking.exercises import grade_payload

    timeout = _timeout(args, _settings_timeout(args))
    try:
        stream = (
            sys.stdin
            if args.batch == "-"
            else Path(args.batch).open(encoding="utf-8", errors="replace")  # noqa: SIM115 (closed by the with below)
        )
    except OSError as exc:
        fail(f"cannot read {args.batch}: {exc.strerror or exc}")
    pool = sandbox.default_pool(timeout)
    with stream, ThreadPoolExecutor(max_workers=pool.size) as executor:
        # map() keeps input order while the pool's workers grade lines in parallel.
        jobs = _payloads(stream)
        for number, result in executor.map(
            lambda job: _grade_line(job, timeout, grade_payload), jobs
        ):
            result["line"] = number
            _write(result, sys.stdout)
    return 0


def _settings_timeout(args: argparse.Namespace) -> float | None:
    """The configured cap; a batch needs no writable home, so a bad one is ignored."""
    from studyapp.config import HomeError, load_settings, resolve_home

    try:
        return load_settings(resolve_home(getattr(args, "home", None))).check_timeout_s
    except (HomeError, OSError):
        return None


def _payloads(stream: TextIO) -> Iterator[tuple[int, Any]]:
    for number, raw in enumerate(stream, start=1):
        text = raw.strip()
        if not text:
            continue
        if len(text) > _MAX_LINE:
            yield number, ValueError(f"line is longer than {_MAX_LINE} characters")
            continue
        try:
            yield number, json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield number, ValueError(f"malformed JSON: {exc}")


def _grade_line(
    job: tuple[int, Any], timeout: float | None, grade: Any
) -> tuple[int, dict[str, Any]]:
    from studyapp.checking import GradeResult

    number, payload = job
    if isinstance(payload, ValueError):
        return number, GradeResult(Verdict.INVALID, str(payload)).to_dict()
    try:
        result = grade(payload, timeout)
    except Exception as exc:  # noqa: BLE001 - one bad line must not stop the batch
        result = GradeResult(Verdict.INVALID, f"cannot grade this line: {exc}").to_dict()
    if isinstance(payload, dict) and "id" in payload:
        result["id"] = payload["id"]
    return number, result


def _write(result: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(result, ensure_ascii=False, default=str))
    out.write("\n")
    out.flush()
