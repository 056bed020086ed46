"""The optimiser's work in a fresh Python process, beside the one that needs it.

fsrs-rs holds Python's global interpreter lock while it fits, scores or simulates (a
second on a large log), so a thread cannot run beside it: an app's screen would freeze, and
two fsrs-rs computations could not share two cores. A ``ChildJob`` runs a module-level
function in a child interpreter instead; it starts at once and its result is collected
when wanted.

A plain subprocess rather than ``multiprocessing``: inside a Textual app the standard
streams are replaced, and multiprocessing's helper process cannot be started then. The job
and its arguments reach the child pickled in a temporary file (written before the child
starts, so the parent never waits for it to read); the child answers on stdout with one
line per progress step and one with the result.
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
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Progress = Callable[[int, int, str], None]  # (stages done, stages in all, stage now)


class ChildJob(Generic[T]):
    """``job(*args, progress=..., **kwargs)`` started in a fresh Python process."""

    def __init__(self, job: Callable[..., T], /, *args: Any, **kwargs: Any) -> None:
        package_root = str(Path(__file__).resolve().parents[3])  # the child imports this studyapp
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, (package_root, os.environ.get("PYTHONPATH")))
            ),
        }
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by result())
        with tempfile.TemporaryFile() as given:
            pickle.dump((job, args, kwargs), given)
            given.seek(0)
            self._child = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=given,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                env=env,
            )

    def __enter__(self) -> ChildJob[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the child if its result was not collected (the parent gave up on it)."""
        if self._child.returncode is None:
            self._child.kill()
            self._child.wait()
            if self._child.stdout is not None:
                self._child.stdout.close()
            self._errors.close()

    def result(self, progress: Progress | None = None) -> T:
        """Wait for the job (calling ``progress`` as it reports) and return its result;
        RuntimeError if it failed or stopped."""
        assert self._child.stdout is not None
        answer: tuple[str, str] | None = None
        with self._errors:
            for line in self._child.stdout:
                kind, _, payload = line.decode().rstrip("\n").partition(" ")
                if kind == "progress" and progress is not None:
                    progress(*json.loads(payload))
                elif kind in ("done", "error"):
                    answer = (kind, payload)
            self._child.stdout.close()
            self._child.wait()
            self._errors.seek(0)
            trace = self._errors.read().decode(errors="replace").strip().splitlines()
        if answer is None:
            last = trace[-1] if trace else f"exit code {self._child.returncode}"
            raise RuntimeError(f"the optimiser stopped unexpectedly ({last})")
        kind, payload = answer
        if kind == "error":
            raise RuntimeError(payload)
        return pickle.loads(base64.b64decode(payload))


def run_in_child(
    job: Callable[..., T], /, *args: Any, progress: Progress | None = None, **kwargs: Any
) -> T:
    """``job(*args, progress=..., **kwargs)`` in a fresh Python process; blocks the calling
    thread (not the interpreter) until it is done, calling ``progress`` as the job reports."""
    with ChildJob(job, *args, **kwargs) as child:
        return child.result(progress)


def _serve() -> None:
    """The child's side of ``ChildJob``."""
    job, args, kwargs = pickle.loads(sys.stdin.buffer.read())

    def report(done: int, total: int, stage: str) -> None:
        print("progress", json.dumps([done, total, stage]), flush=True)

    try:
        result = job(*args, progress=report, **kwargs)
    except _expected_errors() as exc:
        # The parent shows it (fsrs-rs raises ValueError); anything else ends the child
        # with its traceback, which the parent reports as an unexpected stop.
        print("error", f"{type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
        return
    print("done", base64.b64encode(pickle.dumps(result)).decode(), flush=True)


def _expected_errors() -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (sqlite3.Error, OSError, ValueError)
    if "sqlalchemy" in sys.modules:  # only a job that loaded it can raise its errors
        from sqlalchemy.exc import SQLAlchemyError

        errors += (SQLAlchemyError,)
    return errors


if __name__ == "__main__":
    _serve()
