"""Opening a content file at a line in the user's editor, with the app handed over to it."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from studyapp.content.model import SourceRef

# Editors that take ``+LINE FILE``; the others below take ``FILE:LINE`` or a flag.
_PLUS_LINE = {
    "vi",
    "vim",
    "nvim",
    "gvim",
    "view",
    "nano",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "joe",
    "ne",
    "mg",
    "jed",
}
_COLON_LINE = {"hx", "helix", "subl", "zed", "mate"}
_GOTO_FLAG = {"code", "codium", "code-insiders", "cursor"}


def editor_command(path: Path, line: int, environ: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL or $EDITOR (default ``vi``) with the arguments that jump to ``line``."""
    env = os.environ if environ is None else environ
    base = shlex.split(env.get("VISUAL") or env.get("EDITOR") or "vi")
    name = Path(base[0]).name
    if name in _GOTO_FLAG:
        return [*base, "--goto", f"{path}:{line}"]
    if name in _COLON_LINE:
        return [*base, f"{path}:{line}"]
    if name in _PLUS_LINE:
        return [*base, f"+{line}", str(path)]
    return [*base, str(path)]


def resolve_source(path: str, content_dirs: list[Path] | tuple[Path, ...]) -> Path | None:
    """The file an item came from, whether the loader recorded it absolute or relative."""
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate if candidate.exists() else None
    for root in content_dirs:
        if (root / candidate).exists():
            return root / candidate
    return candidate.resolve() if candidate.exists() else None


def edit_source(app: App, source: SourceRef, content_dirs: list[Path] | tuple[Path, ...]) -> bool:
    """Run the editor on ``source`` with the app suspended; False (with a notice) if it
    could not run. The caller syncs the content afterwards."""
    from textual.app import SuspendNotSupported

    path = resolve_source(source.path, content_dirs)
    if path is None:
        app.notify(f"Cannot find {source}.", severity="error")
        return False
    command = editor_command(path, source.line)
    try:
        with app.suspend():
            subprocess.run(command, check=False)
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to an editor.", severity="error")
        return False
    except OSError as exc:
        app.notify(f"Cannot start {command[0]}: {exc.strerror}", severity="error")
        return False
    return True
