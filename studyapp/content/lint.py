"""Content lint: every problem of the content folders as ``path:line: message`` (no grading)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from studyapp.content.ids import missing_id_warnings
from studyapp.content.loader import load_with_files
from studyapp.content.model import ContentSet


def lint(dirs: Sequence[Path]) -> ContentSet:
    """Load the folders like the app does and add warnings for ids not yet pinned."""
    content, parsed = load_with_files(dirs)
    for result in parsed:
        content.problems.extend(missing_id_warnings(result))
    content.problems.sort(key=lambda p: (p.source.path, p.source.line))
    return content
