"""Writing a set of files so that a failure later in the import can take them all back.

Only files whose bytes change are written (a second import of the same package leaves
every file, and its modification time, alone). A hidden manifest lists what the last
import wrote, so files of decks that are gone from a newer export are removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Self

MANIFEST = ".anki-import.json"


class FileTransaction:
    """``with FileTransaction(folder) as files: files.write(...)``: on an exception every
    file is put back as it was and new folders are removed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._previous: dict[Path, bytes | None] = {}
        self._made_dirs: list[Path] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self.rollback()

    def write(self, relative: str, data: bytes) -> bool:
        """Write the file unless it already holds ``data``; True if it was written."""
        path = self.folder / relative
        old = path.read_bytes() if path.is_file() else None
        if old == data:
            return False
        self._make_parents(path.parent)
        self._previous.setdefault(path, old)
        path.write_bytes(data)
        return True

    def remove(self, relative: str) -> None:
        path = self.folder / relative
        if path.is_file():
            self._previous.setdefault(path, path.read_bytes())
            path.unlink()

    def previous_manifest(self) -> list[str]:
        path = self.folder / MANIFEST
        try:
            listed = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []

    def write_manifest(self, names: list[str]) -> None:
        self.write(MANIFEST, (json.dumps(sorted(names), ensure_ascii=False, indent=1) + "\n").encode())

    def rollback(self) -> None:
        for path, old in self._previous.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        for folder in reversed(self._made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass

    def _make_parents(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self._made_dirs.append(path)
