"""Which markdown files the content folders hold, in the order the loader reads them.

Kept apart from the parser: a start-up sync only needs the files' names and stats (see
``studyapp.content.fingerprint``), and must not pay for importing markdown-it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

DECK_FILE = "deck.md"


@dataclasses.dataclass(frozen=True)
class ContentFile:
    path: Path  # absolute
    root: Path  # the content folder it was found under
    display: str  # how messages name it


def display_path(path: Path | str, cwd: Path | None = None) -> str:
    """Relative to the working directory when inside it (``content/boosting/adaboost.md``)."""
    inside = str(cwd or Path.cwd()).rstrip(os.sep) + os.sep
    return str(path).removeprefix(inside)


def discover(dirs: Sequence[Path]) -> list[ContentFile]:
    """Markdown files under each folder in a stable order (deck.md first in its folder)."""
    found: list[ContentFile] = []
    seen: set[str] = set()
    cwd = Path.cwd()
    for root in dirs:
        root = root.resolve()
        if root.is_file():
            # A single file still belongs to the deck of the nearest deck.md above it.
            deck_file = _nearest_deck_file(root.parent)
            candidates = [str(root)] if deck_file is None else [str(deck_file), str(root)]
            root = root.parent if deck_file is None else deck_file.parent
        elif root.is_dir():
            candidates = _markdown_under(str(root))
        else:
            continue
        for path in sorted(candidates, key=_reading_order):
            if path not in seen:
                seen.add(path)
                found.append(ContentFile(Path(path), root, display_path(path, cwd)))
    return found


def _reading_order(path: str) -> tuple[list[str], bool, str]:
    """Folders before their subfolders' files are interleaved by name; deck.md first."""
    folder, name = os.path.split(path)
    return folder.split(os.sep), name != DECK_FILE, name


def _markdown_under(root: str) -> list[str]:
    """``*.md`` files below ``root`` except READMEs, outside hidden folders, not following
    links to folders (as ``Path.rglob`` does), listed with ``os.scandir``: at a thousand
    files pathlib's globbing was most of a start-up sync."""
    found: list[str] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.name.endswith(".md") and entry.name.lower() != "readme.md":
                found.append(entry.path)
    return found


def _nearest_deck_file(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / DECK_FILE).is_file():
            return candidate / DECK_FILE
    return None
