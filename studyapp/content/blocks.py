"""Find the fenced content blocks in a markdown file and split them into ``key: value`` entries.

markdown-it-py does the markdown part (so fences inside lists, tildes, longer fences and
indented code are handled as a markdown reader would); this module only reads the text of
the fences whose info string names a content block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

BLOCK_KINDS = frozenset({"deck", "topic", "cards", "exercise", "derivation"})
_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
_md = MarkdownIt("commonmark")


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` line (with its continuation lines folded in) and its file line."""

    key: str
    value: str
    line: int


@dataclass
class Block:
    kind: str
    line: int  # the line of the opening fence
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def values(self, key: str) -> list[Entry]:
        return [e for e in self.entries if e.key == key]

    def first(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)


def find_blocks(text: str) -> list[Block]:
    """All content blocks of a markdown document, in file order."""
    blocks = []
    lines = text.splitlines()
    for token in _md.parse(text):
        if token.type != "fence" or token.map is None:
            continue
        kind = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
        if kind not in BLOCK_KINDS:
            continue
        fence_line = token.map[0] + 1
        block = parse_entries(kind, token.content, first_line=fence_line + 1, fence_line=fence_line)
        if not _closed(token.markup, lines[token.map[1] - 1]):
            # markdown lets a fence run to the end of the file; an author forgot to close it.
            message = f"the ```{kind} block is never closed: add a ``` line after it"
            block.errors.append((fence_line, message))
        blocks.append(block)
    return blocks


def _closed(markup: str, last_line: str) -> bool:
    stripped = last_line.strip()
    return stripped.startswith(markup) and not stripped.strip(markup[0])


def parse_entries(kind: str, body: str, first_line: int, fence_line: int) -> Block:
    """Split a block body into entries; a line indented by 2+ spaces continues the previous one."""
    block = Block(kind=kind, line=fence_line)
    for offset, raw in enumerate(body.splitlines()):
        line_no = first_line + offset
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if raw.startswith(("  ", "\t")) and block.entries:
            last = block.entries[-1]
            block.entries[-1] = Entry(last.key, f"{last.value}\n{stripped}", last.line)
            continue
        match = _KEY_RE.match(stripped)
        if match is None and stripped.startswith(("```", "~~~")):
            message = f"found {_shorten(stripped)} inside the ```{kind} block of line {fence_line}"
            block.errors.append((line_no, f"{message}: is its closing ``` missing?"))
            continue
        if match is None:
            block.errors.append(
                (line_no, f"expected `key: value` in the {kind} block, found `{_shorten(stripped)}`")
            )
            continue
        block.entries.append(Entry(match.group(1).lower(), match.group(2).strip(), line_no))
    return block


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
