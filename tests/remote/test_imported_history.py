"""An Anki history imported on one device reaches the others through the remote, with the
schedule the import gave it (Anki's due dates), and is stored once when both import it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

Collection = pytest.importorskip("anki.collection").Collection

STATE = "id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, leech"
REVIEWS = "uid, item_id, reviewed_at, rating, elapsed_ms, queue"


def anki_package(folder: Path) -> Path:
    """Three notes, answered through Anki's scheduler (so its log and due dates are Anki's)."""
    col = Collection(str(folder / "collection.anki2"))
    try:
        for number, ratings in enumerate(([3, 3], [1, 3, 3], [])):
            note = col.new_note(col.models.by_name("Basic"))
            note.fields[0], note.fields[1] = f"question {number}", f"answer {number}"
            col.add_note(note, col.decks.id("Deck"))
            for rating in ratings:
                card = col.get_card(note.card_ids()[0])
                card.start_timer()
                col.sched.answerCard(card, rating)
        path = folder / "history.apkg"
        from anki.collection import ExportAnkiPackageOptions

        options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False)
        col.export_anki_package(out_path=str(path), options=options, limit=None)
    finally:
        col.close()
    return path


def studyapp(home: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", *args, "--home", str(home), "--no-bundled"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "studyapp.sqlite3") as db:
        return db.execute(sql).fetchall()


def reviewed_states(home: Path) -> list[tuple]:
    return rows(home, f"SELECT {STATE} FROM items WHERE reps > 0 ORDER BY id")


def synced(home: Path) -> dict:
    return json.loads(studyapp(home, "remote", "sync", "--json").strip().splitlines()[-1])


def test_an_import_on_the_laptop_reaches_the_desktop_with_its_schedule(tmp_path, remote_url):
    package = anki_package(tmp_path)
    laptop, desktop, shared = tmp_path / "laptop", tmp_path / "desktop", tmp_path / "content"
    studyapp(laptop, "import", str(package), "--to", str(shared))
    imported = reviewed_states(laptop)
    assert len(imported) == 2
    studyapp(laptop, "remote", "set", remote_url)
    assert synced(laptop)["pushed"] >= 5  # the five imported reviews (and the settings)
    assert reviewed_states(laptop) == imported  # replaying the laptop's log keeps Anki's dates

    # The desktop has the content (the learner syncs their files) but never imported.
    desktop.mkdir()
    (desktop / "config.toml").write_text(f"content_dirs = {json.dumps([str(shared)])}\n")
    studyapp(desktop, "remote", "set", remote_url)
    assert synced(desktop)["pulled"] >= 5
    assert rows(desktop, f"SELECT {REVIEWS} FROM reviews ORDER BY uid") == rows(
        laptop, f"SELECT {REVIEWS} FROM reviews ORDER BY uid"
    )
    assert reviewed_states(desktop) == imported


def test_importing_on_both_devices_stores_each_review_once(tmp_path, remote_url):
    package = anki_package(tmp_path)
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    for device in (laptop, desktop):
        studyapp(device, "import", str(package), "--to", str(tmp_path / device.name / "anki"))
        studyapp(device, "remote", "set", remote_url)
    synced(laptop)
    synced(desktop)
    synced(laptop)
    for device in (laptop, desktop):
        assert rows(device, "SELECT count(), count(DISTINCT uid) FROM reviews") == [(5, 5)]
