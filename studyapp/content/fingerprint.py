"""What the content folders hold now, told from the files' names and stats alone.

A start-up sync compares this with the fingerprint the last full sync stored: when they
match, the store already holds exactly this content, and nothing is read or unpickled
(at 100k items, unpickling the parse cache alone costs over a second and ~90 MB).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studyapp import __version__
from studyapp.content.discovery import discover


@dataclass(frozen=True)
class ContentStamp:
    fingerprint: str | None  # None: a file could not be examined, so compare in full
    files: int


def content_stamp(dirs: Sequence[Path]) -> ContentStamp:
    """The files ``load_content(dirs)`` would read, in its order, with how messages name
    them (paths relative to the working directory), their mtimes and sizes."""
    stamps = []
    for file in discover(dirs):
        try:
            stat = file.path.stat()
        except OSError:
            return ContentStamp(None, len(stamps))
        stamps.append((str(file.path), file.display, stat.st_mtime_ns, stat.st_size))
    folders = [(str(folder), Path(folder).exists()) for folder in dirs]
    digest = hashlib.sha256(repr((__version__, folders, stamps)).encode()).hexdigest()
    return ContentStamp(digest, len(stamps))
