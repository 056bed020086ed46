"""Tasks the sandbox tests run in worker processes."""

from __future__ import annotations

import time

from studyapp.checking.sandbox import report_progress


def read_then_hang(seconds: float) -> None:
    report_progress("parsed")
    time.sleep(seconds)


def hang(seconds: float) -> None:
    time.sleep(seconds)
