"""The optimiser's work for an app that must stay responsive: run in a child process.

fsrs-rs holds Python's global interpreter lock while it fits, scores or simulates (a
second on a large log), so a thread would freeze the app's screen meanwhile. These jobs
open the database on their own connection in a fresh process; ``run_in_child`` relays
their progress and returns their result.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from studyapp.config import Settings
from studyapp.scheduling.fitting.optimize import Outcome, Progress, optimize
from studyapp.scheduling.fitting.workload import Workload, workload_in
from studyapp.store.engine import make_engine

T = TypeVar("T")


def optimize_database(
    db_path: Path,
    *,
    rollover_hour: int,
    now: datetime,
    deck_id: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """``optimize`` on the database file, committed."""
    engine = make_engine(db_path)
    try:
        with engine.begin() as connection:
            return optimize(
                connection,
                rollover_hour=rollover_hour,
                now=now,
                deck_id=deck_id,
                tz=tz,
                progress=progress,
            )
    finally:
        engine.dispose()


def workload_of(
    db_path: Path, *, settings: Settings, tz: tzinfo | None = None, progress: Progress | None = None
) -> Workload:
    """The simulated workload of each desired retention with the parameters in force, for
    every deck's items at the daily new-item limits (as ``studyapp optimize --retention``)."""
    engine = make_engine(db_path)
    try:
        with engine.connect() as connection:
            return workload_in(connection, settings, None, tz)
    finally:
        engine.dispose()


def run_in_child(
    job: Callable[..., T], /, *args: Any, progress: Progress | None = None, **kwargs: Any
) -> T:
    """``job(*args, progress=..., **kwargs)`` in a fresh Python process; blocks the calling
    thread (not the interpreter) until it is done, calling ``progress`` as the job reports.

    A plain subprocess rather than ``multiprocessing``: inside a Textual app the standard
    streams are replaced, and multiprocessing's helper process cannot be started then.
    The job (a module-level function) and its arguments go to the child's stdin pickled;
    the child answers on stdout with one line per progress step and one with the result.
    """
    package_root = str(Path(__file__).resolve().parents[2])  # the child imports this studyapp
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH")))),
    }
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(pickle.dumps((job, args, kwargs)))
        child.stdin.close()
        answer: tuple[str, Any] | None = None
        for line in child.stdout:
            kind, _, payload = line.decode().rstrip("\n").partition(" ")
            if kind == "progress" and progress is not None:
                progress(*json.loads(payload))
            elif kind in ("done", "error"):
                answer = (kind, payload)
        child.wait()
        errors.seek(0)
        trace = errors.read().decode(errors="replace").strip().splitlines()
    if answer is None:
        last = trace[-1] if trace else f"exit code {child.returncode}"
        raise RuntimeError(f"the optimiser stopped unexpectedly ({last})")
    kind, payload = answer
    if kind == "error":
        raise RuntimeError(payload)
    return pickle.loads(base64.b64decode(payload))


def _serve() -> None:
    """The child's side of ``run_in_child``."""
    job, args, kwargs = pickle.loads(sys.stdin.buffer.read())

    def report(done: int, total: int, stage: str) -> None:
        print("progress", json.dumps([done, total, stage]), flush=True)

    try:
        result = job(*args, progress=report, **kwargs)
    except (sqlite3.Error, SQLAlchemyError, OSError, ValueError) as exc:
        # The parent shows it (fsrs-rs raises ValueError); anything else ends the child
        # with its traceback, which the parent reports as an unexpected stop.
        print("error", f"{type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
        return
    print("done", base64.b64encode(pickle.dumps(result)).decode(), flush=True)


if __name__ == "__main__":
    _serve()
