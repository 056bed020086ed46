"""Load every content folder into one ContentSet: discover files, parse (with a cache), assemble.

Bad content never stops loading: each problem is recorded as ``path:line: message`` and the
rest of the files and decks still load.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol

from studyapp.content.discovery import DECK_FILE, ContentFile, discover
from studyapp.content.model import ContentProblem, ContentSet, Deck, Item, ItemRef, SourceRef, Topic
from studyapp.content.parser import ParsedFile, parse_text


class ParseCache(Protocol):
    """Remembers files' outlines (see ``hollow``) so that unchanged files are not read
    again: a file taken from the cache brings its topics with their items as refs."""

    def get(self, key: str, mtime_ns: int, size: int) -> ParsedFile | None: ...

    def put(self, key: str, mtime_ns: int, size: int, parsed: ParsedFile) -> None: ...


def parse_file(
    file: ContentFile, cache: ParseCache | None = None, default_deck: str = "", reparse: bool = False
) -> ParsedFile:
    """Parse one file (or take its outline from the cache, unless ``reparse``); topics
    outside a ```deck block get ``default_deck``."""
    key = str(file.path)
    try:
        stat = file.path.stat()
        if cache is not None and not reparse:
            cached = cache.get(key, stat.st_mtime_ns, stat.st_size)
            if cached is not None and (cached.path, cached.default_deck) == (file.display, default_deck):
                return cached
        text = file.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
        problem = ContentProblem(SourceRef(file.display, 1), f"cannot read file: {reason}")
        return ParsedFile(path=file.display, problems=[problem])
    parsed = parse_text(text, file.display, default_deck)
    if cache is not None:
        cache.put(key, stat.st_mtime_ns, stat.st_size, hollow(parsed))
    return parsed


def hollow(parsed: ParsedFile) -> ParsedFile:
    """``parsed`` with each topic's items reduced to their ids and places (``Topic.refs``):
    all a sync needs of a file that has not changed since, at a fraction of the memory and
    of the time to unpickle."""
    return dataclasses.replace(
        parsed,
        decks=[
            dataclasses.replace(deck, topics=[_hollow_topic(topic) for topic in deck.topics])
            for deck in parsed.decks
        ],
        topics=[_hollow_topic(topic) for topic in parsed.topics],
        fixes=[],
    )


def _hollow_topic(topic: Topic) -> Topic:
    refs = tuple(ItemRef(item.id, item.source.path, item.source.line) for item in topic.items())
    return dataclasses.replace(topic, cards=[], exercises=[], derivations=[], refs=refs)


def load_content(
    dirs: Sequence[Path], cache: ParseCache | None = None, reparse: Collection[str] = ()
) -> ContentSet:
    """Every folder's content; with a ``cache``, the files it holds unchanged come as
    outlines (their topics' items as refs), except those named (as messages name them)
    in ``reparse``."""
    return load_with_files(dirs, cache, reparse)[0]


def load_with_files(
    dirs: Sequence[Path], cache: ParseCache | None = None, reparse: Collection[str] = ()
) -> tuple[ContentSet, list[ParsedFile]]:
    """The assembled content and each file's own parse result (for id fixes and warnings).

    Files come parent folders first and deck.md first in its folder (see ``discover``), so
    each file is parsed knowing its folder's deck and its items need no fixing up later.
    """
    problems = [
        ContentProblem(SourceRef(str(d), 0), "content folder does not exist")
        for d in dirs
        if not Path(d).exists()
    ]
    folder_decks: dict[Path, str] = {}
    parsed = []
    for file in discover(dirs):
        default_deck = _folder_deck(file, folder_decks) or ""
        result = parse_file(file, cache, default_deck, reparse=file.display in reparse)
        if file.path.name == DECK_FILE and result.decks:
            folder_decks[file.path.parent] = result.decks[-1].id
        parsed.append((file, result))
    return assemble(parsed, problems), [result for _, result in parsed]


def assemble(parsed: list[tuple[ContentFile, ParsedFile]], problems: list[ContentProblem]) -> ContentSet:
    """Attach folder topics to their deck.md deck and reject duplicate ids across files."""
    content = ContentSet(problems=list(problems))
    decks_by_id: dict[str, Deck] = {}

    for _, result in parsed:
        content.problems.extend(result.problems)
        for deck in result.decks:
            existing = decks_by_id.get(deck.id)
            if existing is None:
                decks_by_id[deck.id] = _copy_deck(deck)
                content.decks.append(decks_by_id[deck.id])
                continue
            content.problems.append(
                ContentProblem(deck.source, f"deck id `{deck.id}` is already used at {existing.source}")
            )
            existing.topics.extend(deck.topics)
        for topic in result.topics:
            deck = decks_by_id.get(topic.deck_id)
            if deck is None:
                content.problems.append(
                    ContentProblem(
                        topic.source,
                        f"topic `{topic.id}` has no deck: add a deck.md with a ```deck block to its folder "
                        "or a ```deck block above it in this file",
                    )
                )
                continue
            deck.topics.append(topic)
    _drop_duplicates(content)
    return content


def _copy_deck(deck: Deck) -> Deck:
    """Decks from the cache must not be mutated in place when topics are attached."""
    return dataclasses.replace(deck, topics=list(deck.topics))


def _folder_deck(file: ContentFile, folder_decks: dict[Path, str]) -> str | None:
    folder = file.path.parent
    while True:
        if folder in folder_decks:
            return folder_decks[folder]
        if folder == file.root or folder.parent == folder:
            return None
        folder = folder.parent


def _drop_duplicates(content: ContentSet) -> None:
    """Keep the first of any repeated topic or item id and report the later ones with both places."""
    seen_topics: dict[str, SourceRef] = {}
    seen_items: dict[str, Item | ItemRef] = {}  # the first of each id
    for deck in content.decks:
        kept_topics = []
        for topic in deck.topics:
            if topic.id in seen_topics:
                content.problems.append(
                    ContentProblem(topic.source, f"duplicate topic id `{topic.id}` (first defined at {seen_topics[topic.id]})")
                )
                continue
            seen_topics[topic.id] = topic.source
            unique: dict[str, list | tuple] = {}
            for attr in ("cards", "exercises", "derivations", "refs"):
                kept = []
                for item in getattr(topic, attr):
                    if item.id in seen_items:
                        first = seen_items[item.id].source
                        content.problems.append(
                            ContentProblem(item.source, f"duplicate id `{item.id}` (first defined at {first})")
                        )
                        continue
                    seen_items[item.id] = item
                    kept.append(item)
                unique[attr] = tuple(kept) if attr == "refs" else kept
            kept_topics.append(dataclasses.replace(topic, **unique))
        deck.topics = kept_topics

