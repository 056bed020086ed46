"""An import is kept like a review: in the journal a restore replays, as this device's
reviews (a remote sync carries them), out of undo's reach; the content it stores is what
the next start reads; a cloze note's extra field is kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from entry_point import run_studyapp

from studyapp.content.loader import load_content
from studyapp.interop.anki.notes import note_item_id

REVIEW_COLUMNS = "uid, item_id, reviewed_at, rating, elapsed_ms, queue, state_before, state_after"
STATE = "id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech"


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "studyapp.sqlite3") as db:
        return db.execute(sql).fetchall()


def ok(*args: str) -> str:
    result = run_studyapp(*args, "--no-bundled")
    assert result.returncode == 0, result.stderr
    return result.stdout


def imported(package: Path) -> dict:
    return json.loads(ok("import", str(package), "--json").strip().splitlines()[-1])


def cloze_id(fixture) -> str:  # type: ignore[no-untyped-def]
    return note_item_id(fixture.collection.get_note(fixture.ids["cloze"]).guid)


def test_the_cloze_extra_field_is_an_answer_line_shown_under_each_card(anki_fixture, isolated_home):
    col = anki_fixture.collection
    note = col.get_note(anki_fixture.ids["cloze"])
    note["Back Extra"] = "<b>Paris</b> has 2 million people<br>Its river: the Seine"
    col.update_note(note)
    imported(anki_fixture.export())
    cards_md = (isolated_home / "anki" / "deck-apkg" / "Lang" / "cards.md").read_text("utf-8")
    assert f"{{#{cloze_id(anki_fixture)}}}\nA: **Paris** has 2 million people\n    Its river" in cards_md
    content = load_content([isolated_home / "anki" / "deck-apkg"])
    back = content.by_id()[cloze_id(anki_fixture) + "~c2"].back
    assert back == "Paris is the capital of [France]\n\n**Paris** has 2 million people\nIts river: the Seine"
    summary = imported(anki_fixture.export())  # and it is no longer reported as left out
    assert not any("extra field" in entry["why"] for entry in summary["skipped"])


def test_the_next_start_finds_nothing_to_change_and_reads_nothing(anki_fixture, isolated_home):
    imported(anki_fixture.export())
    files = list((isolated_home / "anki").rglob("*.md"))
    report = json.loads(ok("sync", "--json"))
    assert (report["added"], report["updated"], report["moved"], report["retired"]) == (0, 0, 0, 0)
    assert report["cached_files"] == len(files)  # the stored fingerprint matched: no file read


def test_reading_the_written_files_again_finds_what_the_import_stored(anki_fixture, isolated_home):
    imported(anki_fixture.export())
    items = rows(isolated_home, "SELECT * FROM items ORDER BY id")
    with sqlite3.connect(isolated_home / "studyapp.sqlite3") as db:
        db.execute("UPDATE meta SET value = '' WHERE key = 'content_fingerprint'")
    report = json.loads(ok("sync", "--json"))  # a full sync: every file parsed and compared
    assert (report["added"], report["updated"], report["moved"], report["retired"]) == (0, 0, 0, 0)
    assert report["unchanged"] == len(items)
    assert rows(isolated_home, "SELECT * FROM items ORDER BY id") == items


def test_imported_reviews_are_this_devices_and_undo_leaves_them(anki_fixture, isolated_home):
    imported(anki_fixture.export())
    ((device,),) = rows(isolated_home, "SELECT value FROM meta WHERE key = 'device_id'")
    assert rows(isolated_home, "SELECT DISTINCT device_id FROM reviews") == [(device,)]
    undo = run_studyapp("undo", "--no-bundled")
    assert (undo.returncode, undo.stdout.strip()) == (1, "nothing to undo")
    assert rows(isolated_home, "SELECT count() FROM reviews WHERE undone_at IS NOT NULL") == [(0,)]
    typing = note_item_id(anki_fixture.collection.get_note(anki_fixture.ids["typing"]).guid)
    ok("rate", typing, "good")
    assert ok("undo").strip() == f"undid the latest review of {typing}"
    assert rows(isolated_home, "SELECT item_id FROM reviews WHERE undone_at IS NOT NULL") == [
        (typing,)
    ]


def test_a_second_import_of_the_same_history_gives_the_same_review_ids(anki_fixture, tmp_path, monkeypatch):
    package = anki_fixture.export()
    uids = []
    for device in ("laptop", "desktop"):
        monkeypatch.setenv("STUDYAPP_HOME", str(tmp_path / device))
        imported(package)
        uids.append(rows(tmp_path / device, "SELECT uid FROM reviews ORDER BY uid"))
    assert uids[0] == uids[1] and len(uids[0]) == 3
    assert all(len(uid) == 32 and int(uid, 16) >= 0 for (uid,) in uids[0])


def test_restoring_a_backup_from_before_the_import_brings_the_history_back(anki_fixture, isolated_home):
    ok("sync")
    ok("backup")
    imported(anki_fixture.export())
    typing = note_item_id(anki_fixture.collection.get_note(anki_fixture.ids["typing"]).guid)
    ok("rate", typing, "good")  # a review made here after the import comes back too
    reviews = rows(isolated_home, f"SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY uid")
    states = rows(isolated_home, f"SELECT {STATE} FROM items ORDER BY id")
    told = ok("restore", "--latest")
    assert "brought back 4 reviews made after the backup" in told
    assert "from 1 import" in told
    assert rows(isolated_home, f"SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY uid") == reviews
    assert rows(isolated_home, f"SELECT {STATE} FROM items ORDER BY id") == states


def test_restoring_a_backup_that_holds_the_import_adds_nothing(anki_fixture, isolated_home):
    imported(anki_fixture.export())
    ok("backup")
    reviews = rows(isolated_home, f"SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY uid")
    told = ok("restore", "--latest")
    assert "the backup already holds every review" in told
    assert rows(isolated_home, f"SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY uid") == reviews


def test_a_restore_says_so_when_the_journal_copy_of_a_package_is_gone(anki_fixture, isolated_home):
    ok("sync")
    ok("backup")
    imported(anki_fixture.export())
    for copy in (isolated_home / "studyapp-journal").glob("*-import-*"):
        copy.unlink()
    told = ok("restore", "--latest")
    assert "the import of deck-apkg.apkg could not be read again" in told
