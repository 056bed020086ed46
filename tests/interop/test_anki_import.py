"""``studyapp import``: Anki packages built by Anki become content, history and schedule."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from entry_point import run_studyapp

from studyapp.content.loader import load_content
from studyapp.interop.anki.notes import note_item_id
from studyapp.interop.anki.timing import study_date


def import_json(package: Path, *extra: str) -> dict:
    result = run_studyapp("import", str(package), "--no-bundled", "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def item_id(fixture, name: str, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return note_item_id(fixture.collection.get_note(fixture.ids[name]).guid) + suffix


def db_rows(home: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(home / "studyapp.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def imported_text(home: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((home / "anki").rglob("*.md")))


def test_summary_counts_what_the_package_holds(anki_fixture, isolated_home):
    summary = import_json(anki_fixture.export())
    assert summary["notes"] == 7
    # basic, reversed (2), cloze (2), typing, image, suspended, rescheduled
    assert summary["cards"] == 9
    assert summary["reviews"] == 3
    assert summary["decks"] == 3
    assert summary["media"] == 1


def test_every_note_type_becomes_its_content_form(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    text = imported_text(isolated_home)
    assert f"R: 狗 {{#{item_id(anki_fixture, 'reversed')}}}\nA: dog" in text
    cloze_id = item_id(anki_fixture, "cloze")
    assert f"C: {{{{c1::Paris}}}} is the capital of {{{{c2::France}}}} {{#{cloze_id}}}" in text
    assert f"Q: 2 + 2 {{#{item_id(anki_fixture, 'typing')}}}\nA: 4" in text
    content = load_content([isolated_home / "anki" / "deck-apkg"])
    ids = {item.id for item in content.items()}
    assert {cloze_id + "~c1", cloze_id + "~c2", item_id(anki_fixture, "reversed", "~rev")} <= ids


def test_other_note_types_are_named_in_a_warning(anki_fixture, isolated_home):
    result = run_studyapp("import", str(anki_fixture.export()), "--no-bundled")
    assert "note type 'Basic (type in the answer)'" in result.stderr


def test_html_becomes_markdown_and_tags_are_kept(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    text = imported_text(isolated_home)
    assert "Q: **粗体** and *italic* & <tag> spaced\n    second line\n    - one\n    - two\n" in text
    assert "tags: grammar zh" in text
    for leftover in ("<b>", "<br>", "&nbsp;", "&amp;", "<li>"):
        assert leftover not in text


def test_media_is_copied_beside_the_markdown_and_linked(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    math = isolated_home / "anki" / "deck-apkg" / "Math"
    assert (math / "diagram.png").read_bytes() == (anki_fixture.folder / "diagram.png").read_bytes()
    assert "Shape? ![](diagram.png)" in (math / "cards.md").read_text(encoding="utf-8")


def test_nested_decks_become_nested_folders(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    root = isolated_home / "anki" / "deck-apkg"
    assert (root / "Lang" / "deck.md").is_file()
    assert "title: Lang::中文" in (root / "Lang" / "中文" / "deck.md").read_text(encoding="utf-8")


def test_check_passes_on_the_written_folder(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    result = run_studyapp("check", str(isolated_home / "anki" / "deck-apkg"))
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


def test_the_folder_is_added_to_content_dirs_once(anki_fixture, isolated_home):
    package = anki_fixture.export()
    import_json(package)
    import_json(package)
    config = (isolated_home / "config.toml").read_text(encoding="utf-8")
    assert config.count(str(isolated_home / "anki" / "deck-apkg")) == 1
    due = run_studyapp("due", "--json", "--no-bundled")
    assert item_id(anki_fixture, "typing") in due.stdout


def test_every_rated_review_is_logged_with_time_rating_and_duration(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    col = anki_fixture.collection
    expected = sorted(
        tuple(row) for row in col.db.all("SELECT id, ease, time FROM revlog WHERE ease > 0")
    )
    logged = db_rows(isolated_home, "SELECT reviewed_at, rating, elapsed_ms FROM reviews")
    assert sorted(logged) == expected


def test_a_manual_reschedule_is_not_a_review_but_its_due_day_is_kept(anki_fixture, isolated_home):
    col = anki_fixture.collection
    assert col.db.scalar("SELECT count() FROM revlog WHERE ease = 0") >= 1
    summary = import_json(anki_fixture.export())
    assert any("not a review" in entry["why"] for entry in summary["skipped"])
    rescheduled = item_id(anki_fixture, "rescheduled")
    assert db_rows(isolated_home, "SELECT count() FROM reviews WHERE item_id = ?", rescheduled) == [(0,)]
    (due,) = db_rows(isolated_home, "SELECT due FROM items WHERE id = ?", rescheduled)[0]
    card = col.get_card(col.get_note(anki_fixture.ids["rescheduled"]).card_ids()[0])
    assert days_from_today(due) == card.due - col.sched.today == 5


def days_from_today(due_ms: int) -> int:
    now = datetime.now(UTC)
    return (study_date(datetime.fromtimestamp(due_ms / 1000, UTC), 4) - study_date(now, 4)).days


def test_a_review_card_keeps_the_day_anki_would_show_it(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    col = anki_fixture.collection
    card = col.get_card(col.get_note(anki_fixture.ids["basic"]).card_ids()[0])
    assert card.type == 2
    (due, state, reps) = db_rows(
        isolated_home, "SELECT due, state, reps FROM items WHERE id = ?", item_id(anki_fixture, "basic")
    )[0]
    assert (state, reps) == (2, card.reps)
    assert days_from_today(due) == card.due - col.sched.today


def test_suspension_reps_and_lapses_carry_over(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    rows = {
        row[0]: row[1:]
        for row in db_rows(isolated_home, "SELECT id, suspended, reps, lapses FROM items")
    }
    assert rows[item_id(anki_fixture, "suspended")][0] == 1
    assert rows[item_id(anki_fixture, "reversed", "~rev")] == (0, 1, 0)


def test_memory_state_comes_from_card_data_when_anki_used_fsrs(anki_fixture, isolated_home):
    col = anki_fixture.collection
    col.set_config("fsrs", True)
    card_id = col.get_note(anki_fixture.ids["cloze"]).card_ids()[0]
    answer_with(col, card_id)
    data = json.loads(col.db.scalar("SELECT data FROM cards WHERE id = ?", card_id))
    import_json(anki_fixture.export())
    stability, difficulty = db_rows(
        isolated_home, "SELECT stability, difficulty FROM items WHERE id = ?",
        item_id(anki_fixture, "cloze", "~c1"),
    )[0]
    assert (stability, difficulty) == pytest.approx((data["s"], data["d"]), abs=1e-3)


def answer_with(col, card_id: int) -> None:  # type: ignore[no-untyped-def]
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, 3)


def file_states(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_reimporting_the_same_file_changes_nothing(anki_fixture, isolated_home):
    package = anki_fixture.export()
    import_json(package)
    files = file_states(isolated_home / "anki")
    items = db_rows(isolated_home, "SELECT * FROM items ORDER BY id")
    reviews = db_rows(isolated_home, "SELECT * FROM reviews ORDER BY id")
    summary = import_json(package)
    assert summary["new_reviews"] == 0
    assert file_states(isolated_home / "anki") == files
    assert db_rows(isolated_home, "SELECT * FROM items ORDER BY id") == items
    assert db_rows(isolated_home, "SELECT * FROM reviews ORDER BY id") == reviews


def test_a_newer_export_updates_text_and_adds_new_reviews(anki_fixture, isolated_home):
    import_json(anki_fixture.export())
    col = anki_fixture.collection
    note = col.get_note(anki_fixture.ids["reversed"])
    note["Back"] = "a dog"
    col.update_note(note)
    answer_with(col, note.card_ids()[0])
    summary = import_json(anki_fixture.export())
    assert summary["new_reviews"] == 1
    assert "A: a dog" in imported_text(isolated_home)
    assert db_rows(isolated_home, "SELECT count() FROM reviews") == [(4,)]


@pytest.mark.parametrize("kind", ["legacy", "colpkg"])
def test_older_and_collection_packages_are_read_too(anki_fixture, isolated_home, kind):
    summary = import_json(anki_fixture.export(kind), "--to", str(isolated_home / "out"))
    assert (summary["notes"], summary["reviews"], summary["media"]) == (7, 3, 1)
