"""The quick read behind the TUI's fast start agrees with the service, or steps aside."""

from __future__ import annotations

import sqlite3
from datetime import UTC

from fsrs import Rating
from sched_helpers import DeckSpec

from studyapp.scheduling.quick import quick_home, quick_review


def test_quick_review_shows_what_the_service_would(make_service, clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b", "c"]), DeckSpec("e", ["x"]))
    service.rate("a", Rating.Again, 1000)  # a learning card now leads the queue
    clock.advance(minutes=2)
    for deck in (None, "d", "e"):
        quick = quick_review(service.config, deck, clock, UTC)
        expected = service.next_item(deck)
        assert quick is not None
        assert quick.entry == expected
        assert quick.counts == service.remaining(deck)
    assert quick.deck_titles == {deck.id: deck.title for deck in service.content.decks}


def test_quick_home_matches_the_deck_table_and_the_day(make_service, clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b"]), DeckSpec("e", ["x"]))
    service.rate("a", Rating.Good, 4000)
    home = quick_home(service.config, clock, UTC)
    assert home is not None
    assert home.summaries == service.deck_summaries()
    assert home.progress == service.today()
    assert home.progress.reviews == 1


def test_nothing_due_leaves_the_finish_screen_to_the_full_path(make_service, clock) -> None:
    service = make_service(DeckSpec("d", ["a"]))
    service.rate("a", Rating.Easy, 1000)
    assert quick_review(service.config, "d", clock, UTC) is None


def test_no_database_yet_means_no_shortcut(tmp_path, clock) -> None:
    from studyapp.config import AppConfig

    config = AppConfig(home=tmp_path / "home", include_bundled=False)
    assert quick_review(config, None, clock, UTC) is None
    assert quick_home(config, clock, UTC) is None
    assert not config.db_path.exists()  # the quick read never creates the file


def test_another_schema_revision_means_no_shortcut(make_service, clock) -> None:
    service = make_service(DeckSpec("d", ["a"]))
    with sqlite3.connect(service.config.db_path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0002'")
    assert quick_review(service.config, None, clock, UTC) is None


def test_a_damaged_file_or_payload_means_no_shortcut(make_service, clock) -> None:
    service = make_service(DeckSpec("d", ["a"]))
    with sqlite3.connect(service.config.db_path) as db:
        db.execute("UPDATE items SET payload = x'00ff'")
    assert quick_review(service.config, None, clock, UTC) is None
    service.close()
    for suffix in ("-wal", "-shm"):
        service.config.db_path.with_name(service.config.db_path.name + suffix).unlink(
            missing_ok=True
        )
    service.config.db_path.write_bytes(b"this is not a database" * 100)
    assert quick_review(service.config, None, clock, UTC) is None
    assert quick_home(service.config, clock, UTC) is None


def test_the_first_card_path_imports_no_sqlalchemy() -> None:
    """What the quick read and the first screen import must not pull SQLAlchemy in: its
    import is the half second the fast start exists to hide."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import studyapp.scheduling.quick, studyapp.tui.app, studyapp.tui.screens.review\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
