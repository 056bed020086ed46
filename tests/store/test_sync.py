import dataclasses
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from studyapp.content.loader import load_content
from studyapp.content.model import ContentSet
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def open_service(config) -> StudyService:
    return StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False)


def item_column(service: StudyService, item_id: str, column: str):
    with service._reading() as db:
        return db.execute(f"SELECT {column} FROM items WHERE id = ?", (item_id,)).fetchone()[0]


def reps(service: StudyService, item_id: str) -> int:
    return item_column(service, item_id, "reps")


def test_first_sync_adds_every_item(config):
    with open_service(config) as service:
        report = service.sync()
    assert (report.added, report.problems) == (4, [])


def test_an_unchanged_sync_reads_every_file_from_the_cache(config):
    with open_service(config) as service:
        service.sync()
        report = service.sync()
    assert (report.unchanged, report.added, report.cached_files) == (4, 0, 2)


def test_editing_a_card_keeps_its_history(config, content_dir):
    with open_service(config) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        topic = content_dir / "ml" / "boosting.md"
        topic.write_text(topic.read_text().replace("A: Variance.", "A: Variance (mostly)."))
        report = service.sync()
        assert report.updated == 1
        assert reps(service, "bagging") == 1
        assert service.content.by_id()["bagging"].back == "Variance (mostly)."


def test_a_card_moved_to_another_file_keeps_its_progress(config, content_dir):
    with open_service(config) as service:
        service.sync()
        service.rate("boosting-bias", Rating.Good, 1000)
        topic = content_dir / "ml" / "boosting.md"
        text = topic.read_text()
        moved = "Q: What does boosting reduce? {#boosting-bias}\nA: Bias.\n"
        topic.write_text(text.replace(moved, ""))
        (content_dir / "ml" / "more.md").write_text(
            "```topic\nid: more\ntitle: More\n```\n\n```cards\n" + moved + "```\n"
        )
        report = service.sync()
        assert (report.moved, report.retired, report.added) == (1, 0, 0)
        assert reps(service, "boosting-bias") == 1
        row_path = _source_path(service, "boosting-bias")
        assert row_path.endswith("more.md")


def test_a_deleted_card_is_retired_and_revived_with_its_history(config, content_dir):
    with open_service(config) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        topic = content_dir / "ml" / "boosting.md"
        original = topic.read_text()
        topic.write_text(
            original.replace("Q: What does bagging reduce? {#bagging}\nA: Variance.\n", "")
        )
        assert service.sync().retired == 1
        assert "bagging" not in [e.id for e in service.due()]
        topic.write_text(original)
        assert service.sync().revived == 1
        assert reps(service, "bagging") == 1
        assert "bagging" in [e.id for e in service.due()]


def test_content_problems_are_reported_and_the_rest_still_loads(config, content_dir):
    (content_dir / "ml" / "broken.md").write_text(
        "```cards\nA: an answer without a question\n```\n"
    )
    with open_service(config) as service:
        report = service.sync()
    assert report.added == 4
    assert any("broken.md" in str(problem) for problem in report.problems)


def _source_path(service: StudyService, item_id: str) -> str:
    return item_column(service, item_id, "source_path")


def test_an_unchanged_sync_writes_nothing(config):

    with open_service(config) as service:
        service.sync()
        watcher = sqlite3.connect(config.db_path)
        before = watcher.execute("PRAGMA data_version").fetchone()
        service.sync()
        after = watcher.execute("PRAGMA data_version").fetchone()
        watcher.close()
    assert before == after


def test_a_sync_after_storing_other_content_compares_again(config):

    with open_service(config) as service:
        service.sync()
        assert service.sync_content(ContentSet()).retired == 4
        assert service.sync().revived == 4


def test_a_sync_leaves_its_writes_in_the_database_file_not_only_in_the_log(config):
    with open_service(config) as service:
        service.sync()
        probe = sqlite3.connect(config.db_path)  # reads through the log, sees every page
        pages, page_size = (
            probe.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size")
        )
        probe.close()
        assert config.db_path.stat().st_size == pages * page_size


def test_editing_only_a_hint_refreshes_the_stored_item(config, content_dir):
    """The queue shows the stored copy of an item: an edit to any part of it (here a hint
    of an exercise, which grading does not use) must reach that copy."""
    exercise = (
        "```topic\nid: limits\ntitle: Limits\n```\n\n"
        "```exercise\nid: oob-limit\nkind: symbolic\nprompt: Limit of (1 - 1/n)^n?\n"
        "answer: exp(-1)\nhint: {hint}\n```\n"
    )
    path = content_dir / "ml" / "limits.md"
    path.write_text(exercise.format(hint="Take logs."), encoding="utf-8")
    with open_service(config) as service:
        service.sync()
        path.write_text(exercise.format(hint="Take logs, then expand."), encoding="utf-8")
        report = service.sync()
        assert report.updated == 1
        entries = {e.id for e in service.due()}
        assert "oob-limit" in entries
        while (entry := service.next_item()) is not None and entry.item.id != "oob-limit":
            service.suspend(entry.item.id)
        assert entry is not None and entry.item.hints == ("Take logs, then expand.",)


def test_a_session_on_a_database_at_this_schema_never_imports_sqlalchemy(config, content_dir):
    """Opening, syncing (unchanged, then after an edit) and reviewing work on plain sqlite3:
    importing SQLAlchemy cost more than opening and syncing the store."""
    with open_service(config) as service:
        service.sync()
    topic = content_dir / "ml" / "boosting.md"
    topic.write_text(topic.read_text().replace("A: Bias.", "A: Bias, mostly."))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyapp.config import AppConfig\n"
        "from studyapp.scheduling.service import StudyService\n"
        "config = AppConfig(home=Path(sys.argv[1]), extra_content_dirs=(Path(sys.argv[2]),),"
        " include_bundled=False)\n"
        "with StudyService.open(config) as service:\n"
        "    assert service.sync().updated == 1\n"
        "    entry = service.next_item()\n"
        "    service.preview_intervals(entry.item.id)\n"
        "    service.rate(entry.item.id, 3, 1000)\n"
        "    service.undo()\n"
        "    service.suspend(entry.item.id)\n"
        "    assert service.content.item(entry.item.id) is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(config.home), str(content_dir)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_content_stored_by_hand_is_compared_with_every_file_at_the_next_sync(config):
    with open_service(config) as service:
        service.sync()
        content = load_content(config.content_dirs)
        cards = content.decks[0].topics[0].cards
        cards[0] = dataclasses.replace(cards[0], back="Something else.")
        service.sync_content(content)
        report = service.sync()
        assert (report.updated, report.cached_files) == (1, 0)
        assert service.content.item(cards[0].id).back == "Variance."


def _stored(config) -> tuple[list, list]:
    db = sqlite3.connect(config.db_path)
    try:
        schema = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        rows = db.execute("SELECT * FROM items ORDER BY id").fetchall()
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    return schema, rows


def test_a_bulk_insert_of_items_stores_what_a_row_by_row_one_does(config, monkeypatch):
    from studyapp.store import sync

    with open_service(config) as service:
        service.sync()
    row_by_row = _stored(config)
    config.db_path.unlink()
    monkeypatch.setattr(sync, "_BULK_ROWS", 1)  # the indexes dropped, then made again
    with open_service(config) as service:
        assert service.sync().added == 4
        assert reps(service, "bagging") == 0
    assert _stored(config) == row_by_row
