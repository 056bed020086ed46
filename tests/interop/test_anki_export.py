"""``studyapp export``: packages Anki's own importer reads, with stable GUIDs and history."""

from __future__ import annotations

import json
from pathlib import Path

from entry_point import run_studyapp

from studyapp.interop.anki.export_notes import markdown_to_html
from studyapp.interop.anki.html import html_to_markdown


def export(path: Path, *extra: str) -> dict:
    result = run_studyapp("export", str(path), "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def note_types(col) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = col.db.all("SELECT mid, count() FROM notes GROUP BY mid")
    return {col.models.get(mid)["name"]: count for mid, count in rows}


def test_bundled_decks_export_as_notes_anki_imports(tmp_path, fresh_anki, anki_import):
    summary = export(tmp_path / "all.apkg")
    col = fresh_anki()
    anki_import(col, tmp_path / "all.apkg")
    assert col.note_count() == summary["notes"]
    assert col.card_count() == summary["cards"]
    kinds = note_types(col)
    assert {name.rstrip("+") for name in kinds} == {"Basic", "Basic (and reversed card)", "Cloze"}
    assert sum(n for name, n in kinds.items() if name.startswith("Basic (and")) >= 20
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {"Boosting", "Deep-learning basics"} <= names  # decks named by their titles


def test_an_exercise_is_a_basic_note_with_prompt_and_worked_answer(tmp_path, fresh_anki, anki_import):
    export(tmp_path / "boost.apkg", "--deck", "boosting")
    col = fresh_anki()
    anki_import(col, tmp_path / "boost.apkg")
    fields = [flds.split("\x1f") for (flds,) in col.db.all("SELECT flds FROM notes")]
    assert any(f[0].startswith("A weak learner has weighted error e") and "log((1 - e)/e)/2" in f[1]
               for f in fields)


def test_a_second_export_updates_in_anki_instead_of_duplicating(tmp_path, fresh_anki, anki_import):
    export(tmp_path / "first.apkg", "--deck", "boosting")
    export(tmp_path / "second.apkg", "--deck", "boosting")
    col = fresh_anki()
    anki_import(col, tmp_path / "first.apkg")
    count = col.note_count()
    anki_import(col, tmp_path / "second.apkg")
    assert col.note_count() == count


def test_unknown_deck_is_a_clear_error(tmp_path):
    result = run_studyapp("export", str(tmp_path / "x.apkg"), "--deck", "no-such-deck")
    assert result.returncode != 0
    assert "no deck 'no-such-deck'" in result.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_with_history_anki_sees_every_review_and_schedule(
    anki_fixture, isolated_home, tmp_path, fresh_anki, anki_import
):
    assert run_studyapp("import", str(anki_fixture.export()), "--no-bundled").returncode == 0
    reviews = anki_fixture.collection.db.scalar("SELECT count() FROM revlog WHERE ease > 0")
    summary = export(tmp_path / "back.apkg", "--no-bundled", "--with-history")
    assert summary["reviews"] == reviews
    col = fresh_anki()
    anki_import(col, tmp_path / "back.apkg")
    assert col.db.scalar("SELECT count() FROM revlog") == reviews
    source = anki_fixture.collection
    for name in ("basic", "rescheduled"):
        guid = source.get_note(anki_fixture.ids[name]).guid
        original = source.get_card(source.get_note(anki_fixture.ids[name]).card_ids()[0])
        (card_id,) = col.db.list(
            "SELECT cards.id FROM cards JOIN notes ON notes.id = cards.nid WHERE guid = ?", guid
        )
        card = col.get_card(card_id)
        assert (card.type, card.due - col.sched.today) == (
            original.type, original.due - source.sched.today
        )
    suspended = source.get_note(anki_fixture.ids["suspended"]).guid
    assert col.db.scalar(
        "SELECT queue FROM cards JOIN notes ON notes.id = cards.nid WHERE guid = ?", suspended
    ) == -1


def test_export_import_export_round_trip_is_stable(
    anki_fixture, isolated_home, tmp_path, fresh_anki, anki_import
):
    assert run_studyapp("import", str(anki_fixture.export()), "--no-bundled").returncode == 0
    export(tmp_path / "one.apkg", "--no-bundled", "--with-history")
    first = (isolated_home / "anki").rglob("cards.md")
    before = {p.relative_to(isolated_home): p.read_text(encoding="utf-8") for p in first}
    again = run_studyapp("import", str(tmp_path / "one.apkg"), "--no-bundled", "--json")
    assert again.returncode == 0, again.stderr
    texts = {
        p.relative_to(isolated_home / "anki" / "one"): p.read_text(encoding="utf-8")
        for p in (isolated_home / "anki" / "one").rglob("cards.md")
    }
    originals = {p.relative_to(Path("anki") / "deck-apkg"): t for p, t in before.items()}
    assert texts.keys() == originals.keys()
    for key, text in texts.items():  # the same cards and ids; only the deck ids may differ
        assert text.split("```cards")[1] == originals[key].split("```cards")[1]
    # the notes Anki had are the notes that come back, with their GUIDs and all reviews
    col = fresh_anki()
    anki_import(col, tmp_path / "one.apkg")
    source = anki_fixture.collection
    assert sorted(col.db.list("SELECT guid FROM notes")) == sorted(
        source.db.list("SELECT guid FROM notes")
    )
    assert col.db.scalar("SELECT count() FROM revlog") == source.db.scalar(
        "SELECT count() FROM revlog WHERE ease > 0"
    )


def test_markdown_written_by_the_importer_comes_back_as_the_same_markdown():
    text = "**粗体** and *italic* & <tag>\nsecond line\n![](a b.png)"
    assert html_to_markdown(markdown_to_html(text)).text == text


def test_a_cloze_extra_line_goes_back_to_anki_as_its_back_extra_field(
    anki_fixture, isolated_home, tmp_path, fresh_anki, anki_import
):
    source = anki_fixture.collection
    note = source.get_note(anki_fixture.ids["cloze"])
    note["Back Extra"] = "<b>Paris</b> has 2 million people<br>Its river: the Seine"
    source.update_note(note)
    assert run_studyapp("import", str(anki_fixture.export()), "--no-bundled").returncode == 0
    export(tmp_path / "back.apkg", "--no-bundled")
    col = fresh_anki()
    anki_import(col, tmp_path / "back.apkg")
    (flds,) = col.db.list("SELECT flds FROM notes WHERE guid = ?", note.guid)
    assert flds.split("\x1f") == [
        "{{c1::Paris}} is the capital of {{c2::France}}",
        "<b>Paris</b> has 2 million people<br>Its river: the Seine",
    ]
