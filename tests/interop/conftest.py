"""Anki packages built at test time with Anki's own library (the judge of what Anki writes).

``anki_collection`` makes a collection with a note of every kind in nested decks, media,
real reviews through Anki's scheduler, a suspended card and a manual reschedule; the
``export`` helper writes it in each package format.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

anki_collection_module = pytest.importorskip("anki.collection")
Collection = anki_collection_module.Collection

BOLD_HTML = (
    "<b>粗体</b> and <i>italic</i> &amp; &lt;tag&gt;&nbsp;spaced<br>second line"
    "<ul><li>one</li><li>two</li></ul><div>a div</div>"
)


@dataclass
class AnkiFixture:
    collection: object  # anki.collection.Collection
    folder: Path
    ids: dict[str, int]  # name -> note id

    def export(self, kind: str = "apkg") -> Path:
        """``apkg`` (current format), ``legacy`` (collection.anki21) or ``colpkg``."""
        col = self.collection
        if kind == "colpkg":
            path = self.folder / "collection.colpkg"
            col.export_collection_package(out_path=str(path), include_media=True, legacy=False)
            # exporting a collection package closes it; reopen for the test's later use
            col.reopen()
            return path
        from anki.collection import ExportAnkiPackageOptions

        path = self.folder / f"deck-{kind}.apkg"
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_media=True, legacy=kind == "legacy"
        )
        col.export_anki_package(out_path=str(path), options=options, limit=None)
        return path


def answer(col, card_id: int, ease: int) -> None:  # type: ignore[no-untyped-def]
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, ease)


def add_note(col, notetype: str, deck: str, fields: list[str], tags: list[str] = ()) -> int:  # type: ignore[no-untyped-def,assignment]
    note = col.new_note(col.models.by_name(notetype))
    for index, value in enumerate(fields):
        note.fields[index] = value
    note.tags = list(tags)
    col.add_note(note, col.decks.id(deck))
    return note.id


@pytest.fixture
def anki_fixture(tmp_path: Path) -> Iterator[AnkiFixture]:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    image = folder / "diagram.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\nnot really an image")
    col.media.add_file(str(image))
    ids = {
        "basic": add_note(col, "Basic", "Lang::中文", [BOLD_HTML, "答案 answer"], ["zh", "grammar"]),
        "reversed": add_note(col, "Basic (and reversed card)", "Lang::中文", ["狗", "dog"]),
        "cloze": add_note(
            col, "Cloze", "Lang", ["{{c1::Paris}} is the capital of {{c2::France}}", ""]
        ),
        "typing": add_note(col, "Basic (type in the answer)", "Math", ["2 + 2", "4"]),
        "image": add_note(col, "Basic", "Math", ['Shape? <img src="diagram.png">', "a square"]),
        "suspended": add_note(col, "Basic", "Math", ["suspended front", "suspended back"]),
        "rescheduled": add_note(col, "Basic", "Math", ["rescheduled front", "back"]),
    }
    cards = {name: col.get_note(nid).card_ids() for name, nid in ids.items()}
    col.decks.select(col.decks.id("Lang::中文"))
    answer(col, cards["basic"][0], 3)
    answer(col, cards["basic"][0], 3)  # graduates: a review card due in some days
    answer(col, cards["reversed"][1], 1)
    col.sched.suspend_cards([cards["suspended"][0]])
    col.sched.set_due_date([cards["rescheduled"][0]], "5")  # a manual entry, not a review
    time.sleep(0.002)  # distinct revlog ids (milliseconds)
    yield AnkiFixture(col, folder, ids)
    col.close()


@pytest.fixture
def fresh_anki(tmp_path: Path) -> Callable[[], object]:
    """A function making empty Anki collections (closed at the end of the test)."""
    made = []

    def make():  # type: ignore[no-untyped-def]
        col = Collection(str(tmp_path / f"judge-{len(made)}.anki2"))
        made.append(col)
        return col

    yield make
    for col in made:
        col.close()


def import_into_anki(col, package: Path) -> None:  # type: ignore[no-untyped-def]
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    options = ImportAnkiPackageOptions(with_scheduling=True, update_notes=1, update_notetypes=1)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))


@pytest.fixture
def anki_import() -> Callable[[object, Path], None]:
    return import_into_anki
