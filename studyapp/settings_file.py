"""Changing ``config.toml`` from a command: add a content folder, keep everything else.

The file is the user's, with their comments and layout, so it is edited as text: the
``content_dirs`` line (or a new one) is rewritten and the result parsed again to check
that exactly that changed before it replaces the file.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from studyapp.config import CONFIG_FILENAME, HomeError

_CONTENT_DIRS_RE = re.compile(r"^content_dirs\s*=\s*\[.*?\][^\n]*", re.MULTILINE | re.DOTALL)


def add_content_dir(home: Path, folder: Path) -> str | None:
    """Add ``folder`` to ``content_dirs`` unless it is there already.

    Returns the file's previous text ("" if there was no file) so that a caller can put it
    back, or None when nothing changed.
    """
    path = home / CONFIG_FILENAME
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        current = tomllib.loads(old).get("content_dirs", [])
    except tomllib.TOMLDecodeError as exc:
        raise HomeError(f"{path}: invalid settings file: {exc}") from exc
    folder = folder.resolve()
    if any((home / Path(p).expanduser()).resolve() == folder for p in current):
        return None
    wanted = [*current, str(folder)]
    line = f"content_dirs = {json.dumps(wanted, ensure_ascii=False)}"
    if _CONTENT_DIRS_RE.search(old):
        new = _CONTENT_DIRS_RE.sub(lambda _: line, old, count=1)
    else:
        new = f"{old}{'' if not old or old.endswith(chr(10)) else chr(10)}{line}\n"
    try:
        written = tomllib.loads(new).get("content_dirs")
    except tomllib.TOMLDecodeError:
        written = None
    if written != wanted:
        raise HomeError(f"{path}: could not add {folder} to content_dirs; add it by hand")
    write_settings_text(home, new)
    return old


def write_settings_text(home: Path, text: str) -> None:
    """Replace ``config.toml`` at once (a crash leaves the old or the new file, whole)."""
    path = home / CONFIG_FILENAME
    if not text:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
