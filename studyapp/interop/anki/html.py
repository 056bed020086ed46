"""Anki's field HTML as markdown text, with the media files it uses.

Bold, italics, strike-through, code, links, images, lists and line breaks become their
markdown; entities are decoded (a no-break space becomes a space); other tags keep only
their text; scripts and styles are dropped. Whitespace collapses as a browser shows it.
``[sound:file]`` becomes a link to the file. Text is never altered otherwise (Chinese,
math and cloze markers pass through exactly), except that every character a text reader
takes for a line break is whitespace here and a NUL is U+FFFD, as a markdown reader has
it: the lines written are the lines read back.

Most fields hold only text, inline tags (bold, italics…), line breaks and ``<div>``s: those
are converted by substitution; anything else (lists, headings, links, images, sounds,
comments, a bare ``<``) goes through the full converter.
"""

from __future__ import annotations

import html as entities
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~",
           "strike": "~~", "code": "`"}
_BLOCKS = {"div", "p", "ul", "ol", "table", "tr", "blockquote", "pre", "h1", "h2", "h3",
           "h4", "h5", "h6"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DROPPED = {"script", "style"}
_SOUND_RE = re.compile(r"\[sound:([^\]]+)\]")
# Whitespace as HTML shows it, plus what ``str.splitlines`` would split a line at: each
# run of it becomes one space (see ``_collapsed``).
_OTHER_SPACE_RE = re.compile(r"[\t\r\n\f\u00a0\x0b\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACE_RUN_RE = re.compile(r" {2,}")
_TAG_OR_ENTITY_RE = re.compile(r"[<&]")
_LINE_BREAK_RE = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Blocks that only break the line (not lists or headings), whatever their attributes.
_LINE_BREAKS = frozenset(_BLOCKS - _HEADINGS - {"ul", "ol"})
_SIMPLE_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>")
_BREAK = "\ue000"  # a private-use character standing for a line break while substituting
# The usual tags without attributes, as substituted (a lookup instead of reading the tag).
_PLAIN_TAGS = (
    {f"<{end}{name}>": markdown for name, markdown in _INLINE.items() for end in ("", "/")}
    | {f"<{end}{name}>": _BREAK for name in _LINE_BREAKS for end in ("", "/")}
    | {"<br>": _BREAK, "<br/>": _BREAK, "<br />": _BREAK}
)
# Fields are small, well-formed editor output; a regex tokenizer reads them several times
# faster than html.parser, which matters over tens of thousands of notes.
_TOKEN_RE = re.compile(
    r"<!--.*?-->|<(?P<end>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>[^>]*)>|(?P<text>[^<]+|<)",
    re.DOTALL,
)
_ATTR_RE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


@dataclass
class Markdown:
    lines: list[str]  # non-blank lines, stripped
    media: list[str] = field(default_factory=list)  # file names, in order of use

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def html_to_markdown(html: str) -> Markdown:
    if "\x00" in html:
        html = html.replace("\x00", "\ufffd")
    if not _TAG_OR_ENTITY_RE.search(html) and "[sound:" not in html:  # the common case
        lines = [_collapsed(html).strip()]
        return Markdown([line for line in lines if line])
    simple = _substituted(html)
    return simple if simple is not None else converted(html)


def converted(html: str) -> Markdown:
    """Any field through the full converter (``html_to_markdown`` takes shortcuts)."""
    converter = _Converter()
    for token in _TOKEN_RE.finditer(html.replace("\x00", "\ufffd")):
        if token["text"] is not None:
            converter.handle_data(entities.unescape(token["text"]))
        elif token["tag"] is not None:
            _dispatch(converter, token["end"], token["tag"].lower(), token["attrs"])
    return converter.result()


def _collapsed(text: str) -> str:
    """``text`` with each run of whitespace one space: the other whitespace characters
    become spaces, then runs of spaces one (fields have few of either, and a regex
    substitution costs per match)."""
    text = _OTHER_SPACE_RE.sub(" ", text)
    return _SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def one_line(text: str) -> str:
    """Plain text (a deck name, a tag) as one stripped line of a content file, which reads
    back as itself."""
    return _LINE_BREAK_RE.sub(" ", text.replace("\x00", "\ufffd")).strip()


class _NotSimple(Exception):
    """The field needs the full converter."""


def _substituted(html: str) -> Markdown | None:
    """What the full converter makes of a field of text, inline tags and line breaks, by
    substitution; None for any other field."""
    if "[sound:" in html or _BREAK in html:
        return None
    try:
        text = _SIMPLE_TAG_RE.sub(_replacement, html)
    except _NotSimple:
        return None
    if "<" in text:  # a bare "<" or a comment: the full converter reads it as text or skips it
        return None
    if "&" in text:
        # The editor's usual entity first, by plain replacement (unescape matches each
        # entity on its own: none starts inside another).
        text = text.replace("&nbsp;", "\u00a0")
        if "&" in text:
            breaks = text.count(_BREAK)
            text = entities.unescape(text)
            if text.count(_BREAK) != breaks:  # an entity spelled the private character
                return None
    # Whitespace runs end at a break (not whitespace): collapsed at once, as line by line.
    lines = [line.strip() for line in _collapsed(text).split(_BREAK)]
    return Markdown([line for line in lines if line])


def _replacement(tag: re.Match[str]) -> str:
    """A simple tag's markdown, or _NotSimple."""
    known = _PLAIN_TAGS.get(tag[0])
    if known is not None:
        return known
    name = tag[2].lower()
    if name in _LINE_BREAKS or (name == "br" and not tag[1]):
        return _BREAK
    if name in _INLINE and not tag[3].rstrip().endswith("/"):
        return _INLINE[name]
    raise _NotSimple  # a tag that removed would join the text around it, and the rest


def _dispatch(converter: _Converter, end: str, tag: str, raw_attrs: str) -> None:
    if end:
        converter.handle_endtag(tag)
        return
    attrs = [
        (name.lower(), entities.unescape(value.strip("\"'")))
        for name, value in _ATTR_RE.findall(raw_attrs)
    ]
    handle: Callable = (
        converter.handle_startendtag if raw_attrs.rstrip().endswith("/") else converter.handle_starttag
    )
    handle(tag, attrs)


class _Converter:
    def __init__(self) -> None:
        self.lines: list[str] = [""]
        self.media: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] when bulleted
        self.links: list[str | None] = []
        self.dropping = 0

    def result(self) -> Markdown:
        lines = [line.strip() for line in self.lines]
        return Markdown([line for line in lines if line], self.media)

    def _write(self, text: str) -> None:
        self.lines[-1] += text

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _DROPPED:
            self.dropping += 1
        elif tag == "br":
            self.lines.append("")
        elif tag in _INLINE:
            self._write(_INLINE[tag])
        elif tag in _HEADINGS:
            self._break()
            self._write("**")
        elif tag in _BLOCKS:
            self._break()
            if tag == "ul":
                self.lists.append([])
            elif tag == "ol":
                self.lists.append([1])
        elif tag == "li":
            self._break()
            marker = "- "
            if self.lists and self.lists[-1]:
                marker = f"{self.lists[-1][0]}. "
                self.lists[-1][0] += 1
            self._write(marker)
        elif tag == "img" and values.get("src"):
            self._media(values["src"], f"![{values.get('alt', '')}]")
        elif tag == "a":
            self.links.append(values.get("href") or None)
            self._write("[" if self.links[-1] else "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _INLINE:
            self._write(_INLINE[tag])
        elif tag in _HEADINGS:
            self._write("**")
            self._break()
        elif tag in _BLOCKS:
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self._break()
        elif tag == "a" and self.links:
            href = self.links.pop()
            self._write(f"]({href})" if href else "")

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        text = _collapsed(data)
        if not self.lines[-1].strip():
            text = text.lstrip()
        position = 0
        for match in _SOUND_RE.finditer(text):
            self._write(text[position : match.start()])
            self._media(match[1], f"[{match[1]}]")
            position = match.end()
        self._write(text[position:])

    def _media(self, name: str, label: str) -> None:
        if "/" not in name and ":" not in name:  # a file of the collection, not a web address
            self.media.append(name)
        self._write(f"{label}({_link_target(name)})")


def _link_target(name: str) -> str:
    """Markdown wants a link target without spaces or parentheses unless it is bracketed."""
    return f"<{name}>" if any(c in name for c in " ()<>") else name
