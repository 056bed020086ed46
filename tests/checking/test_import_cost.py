"""The checker stays cheap to import: its faces load their modules on first use, so the
TUI and the CLI never load sympy (only the sandbox's workers do). The import graph itself
is checked for cycles over the whole package in tests/test_architecture.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_checker_does_not_load_sympy() -> None:
    code = (
        "import sys, studyapp.checking, studyapp.checking.exercises.grade\n"
        "from studyapp.checking import Verdict, grade_exercise\n"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
