"""Recognise an edited item whose id is generated from its text, the way git sees renames.

An item without a written ``{#id}`` is keyed by a hash of its text, so fixing a typo in
its question gives it a new id: the sync would retire it and add a "new" one, and its
history would be orphaned. Instead, an item that disappears and one that appears in the
same sync are taken to be one item edited when both ids are generated, they are of the
same kind in the same topic, near the same place, and their texts are similar; the old
row (with its reviews) then takes the new id and the sync reports it as updated.
Among several candidates the most similar pair wins, so deleting one card among similar
ones never hands its history to a neighbour that was merely edited.
"""

from __future__ import annotations

import pickle
import re
import sqlite3
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher

from studyapp.content.model import Item

SIMILAR = 0.6  # difflib ratio of the two texts: a reworded question, not another one
NEAR = 10  # positions (in content order) an edited item may have moved by
_GENERATED = re.compile(r"-[0-9a-f]{8}(~rev|~c\d+)?")


def is_generated(item_id: str, topic_id: str) -> bool:
    """Whether ``item_id`` is one the parser made from the item's text (no written id)."""
    prefix = f"{topic_id}-"
    return item_id.startswith(prefix) and bool(_GENERATED.fullmatch(item_id, len(topic_id)))


def text_of(item: Item) -> str:
    """What a learner sees of the item: question and answer, or prompt and answer."""
    parts = (getattr(item, name, "") for name in ("front", "back", "prompt", "answer"))
    return "\n".join(part for part in parts if isinstance(part, str))


def _kind(item: Item) -> tuple[str, object]:
    return item.item_kind.value, getattr(item, "kind", None)


def match_edits(
    retired: Mapping[str, tuple[Item, int]], added: Mapping[str, tuple[Item, int]]
) -> list[tuple[str, str]]:
    """(old id, new id) pairs of edited items among ``retired`` and ``added`` items
    (each given with its position); each id is in at most one pair."""
    scored = []
    for old_id, (old, old_position) in retired.items():
        for new_id, (new, new_position) in added.items():
            if (old.deck_id, old.topic_id, _kind(old)) != (new.deck_id, new.topic_id, _kind(new)):
                continue
            if abs(old_position - new_position) > NEAR:
                continue
            ratio = SequenceMatcher(None, text_of(old), text_of(new), autojunk=False).ratio()
            if ratio >= SIMILAR:
                scored.append((-ratio, abs(old_position - new_position), old_id, new_id))
    pairs, taken = [], set()
    for _, _, old_id, new_id in sorted(scored):
        if old_id not in taken and new_id not in taken:
            taken.update((old_id, new_id))
            pairs.append((old_id, new_id))
    return pairs


def find_edits(
    db: sqlite3.Connection, gone: Mapping[str, str], added: Mapping[str, tuple[Item, int]]
) -> list[tuple[str, str]]:
    """Edited pairs among the ids ``gone`` (each with its topic) and the ``added`` items."""
    fresh = {i: found for i, found in added.items() if is_generated(i, found[0].topic_id)}
    if not fresh:
        return []
    old = [item_id for item_id, topic_id in gone.items() if is_generated(item_id, topic_id)]
    return match_edits(stored_items(db, old), fresh) if old else []


def stored_items(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[Item, int]]:
    """The stored copy and position of each of ``ids``."""
    wanted = list(ids)
    found: dict[str, tuple[Item, int]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = db.execute(
            f"SELECT id, payload, position FROM items WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        found.update({row[0]: (pickle.loads(row[1]), row[2]) for row in rows})
    return found


def rekey(db: sqlite3.Connection, old_id: str, new_id: str) -> None:
    """Give the item ``old_id`` (its row and its reviews) the id ``new_id``."""
    # the reviews point at the item: checked at commit, once both carry the new id
    db.execute("PRAGMA defer_foreign_keys = ON")
    db.execute("UPDATE reviews SET item_id = ? WHERE item_id = ?", (new_id, old_id))
    db.execute("UPDATE items SET id = ? WHERE id = ?", (new_id, old_id))
