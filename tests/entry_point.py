"""The real ``studyapp`` entry point, run as a learner runs it (a module named apart from
``conftest`` so that test folders with their own conftest import this one)."""

from __future__ import annotations

import subprocess
import sys


def run_studyapp(*args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``studyapp`` entry point in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        input=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
