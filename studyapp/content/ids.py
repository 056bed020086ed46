"""Write generated ids back into content files (``studyapp check --fix``).

A card or exercise without an explicit id gets one derived from its text; that id changes
if the text changes, so pinning it in the file is what keeps review history across edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from studyapp.content.discovery import ContentFile, discover
from studyapp.content.loader import parse_file
from studyapp.content.model import ContentProblem, Severity, SourceRef
from studyapp.content.parser import IdFix, ParsedFile


def missing_id_warnings(parsed: ParsedFile) -> list[ContentProblem]:
    return [
        ContentProblem(
            SourceRef(parsed.path, fix.line),
            f"no stable id; `studyapp check --fix` will write `{fix.item_id}` into the file",
            Severity.WARNING,
        )
        for fix in parsed.fixes
    ]


def apply_fixes(file: ContentFile, fixes: Sequence[IdFix]) -> int:
    """Write the ids into the file, keeping its line endings; returns how many were written."""
    if not fixes:
        return 0
    text = file.path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # Bottom-up, so inserted lines do not shift the ones still to do.
    for fix in sorted(fixes, key=lambda f: f.line, reverse=True):
        index = fix.line - 1
        line = lines[index]
        ending = line[len(line.rstrip("\r\n")) :] or "\n"
        if fix.mode == "suffix":
            lines[index] = f"{line.rstrip(chr(13) + chr(10))} {{#{fix.item_id}}}{ending}"
        else:
            lines.insert(index + 1, f"id: {fix.item_id}{ending}")
    file.path.write_text("".join(lines), encoding="utf-8")
    return len(fixes)


def fix_ids(dirs: Sequence[Path]) -> int:
    """Pin every generated id under the folders; returns the number of ids written."""
    return sum(apply_fixes(file, parse_file(file).fixes) for file in discover(dirs))
