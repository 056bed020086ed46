"""A sync after an edit reads only the files that changed, and leaves the store exactly as a
sync that read every file would."""

from __future__ import annotations

import pickle
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.config import AppConfig
from studyapp.content import loader
from studyapp.scheduling.service import StudyService

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DECK = "```deck\nid: ml\ntitle: Machine learning\n```\n"


def topic(topic_id: str, *cards: str) -> str:
    lines = [f"```topic\nid: {topic_id}\ntitle: Topic {topic_id}\n```\n", "```cards"]
    for card in cards:
        lines += [f"Q: What is {card}? {{#{card}}}", f"A: The answer about {card}."]
    return "\n".join([*lines, "```\n"])


@pytest.fixture
def folder(write_content) -> Path:
    return write_content(
        {
            "ml/deck.md": DECK,
            "ml/a.md": topic("ta", "a1", "a2"),
            "ml/b.md": topic("tb", "b1", "b2"),
            "ml/c.md": topic("tc", "c1", "c2"),
        }
    )


@pytest.fixture
def config(tmp_path: Path, folder: Path) -> AppConfig:
    return home_for(tmp_path / "home", folder)


def home_for(home: Path, folder: Path) -> AppConfig:
    home.mkdir(exist_ok=True)
    return AppConfig(home=home, extra_content_dirs=(folder,), include_bundled=False)


def open_service(config: AppConfig) -> StudyService:
    return StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False)


def stored(config: AppConfig) -> tuple[list[tuple], list[tuple]]:
    """The items' content columns and the search rows' keys, as the store holds them."""
    db = sqlite3.connect(config.db_path)
    try:
        items = db.execute(
            "SELECT id, kind, deck_id, topic_id, topic_title, sibling_of, position,"
            " content_hash, source_path, source_line, retired_at IS NULL FROM items ORDER BY id"
        ).fetchall()
        texts = db.execute("SELECT item_id, doc_key FROM item_texts ORDER BY item_id").fetchall()
    finally:
        db.close()
    return items, texts


def as_a_full_sync_leaves_it(config: AppConfig, tmp_path: Path, folder: Path) -> bool:
    """Whether the store holds what a first sync of the same files (each read) stores,
    retired items aside."""
    fresh = home_for(tmp_path / "fresh", folder)
    with open_service(fresh) as service:
        assert service.sync().cached_files == 0
    items, texts = stored(config)
    return ([i for i in items if i[-1]], texts) == stored(fresh)


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files the loader parses (rather than take from the cache), by their path."""
    parsed: list[str] = []
    parse_text = loader.parse_text

    def counting(text, path, default_deck=""):
        parsed.append(Path(path).name)
        return parse_text(text, path, default_deck)

    monkeypatch.setattr(loader, "parse_text", counting)
    return parsed


def test_a_sync_after_editing_one_file_parses_that_file_alone(config, folder, parses):
    with open_service(config) as service:
        service.sync()
        parses.clear()
        path = folder / "ml" / "b.md"
        path.write_text(path.read_text().replace("about b2", "about b2, reworded"))
        report = service.sync()
        assert parses == ["b.md"]
        assert (report.updated, report.unchanged, report.cached_files) == (1, 5, 3)
        assert service.content.item("b2").back == "The answer about b2, reworded."


def test_a_card_added_early_moves_the_later_ones_as_a_full_sync_would(
    config, folder, tmp_path, parses
):
    with open_service(config) as service:
        service.sync()
        service.rate("c2", 3, 1000)
        parses.clear()
        (folder / "ml" / "a.md").write_text(topic("ta", "a0", "a1", "a2"))
        report = service.sync()
        assert parses == ["a.md"]
        assert (report.added, report.moved, report.unchanged) == (1, 6, 0)
        assert [entry.id for entry in service.due()][:2] == ["a0", "a1"]
    assert as_a_full_sync_leaves_it(config, tmp_path, folder)


def test_a_duplicate_whose_first_definition_goes_away_is_read_from_its_unchanged_file(
    config, folder, tmp_path, parses
):
    (folder / "ml" / "c.md").write_text(topic("tc", "c1", "a2"))  # a2 again, after a.md's
    with open_service(config) as service:
        first = service.sync()
        assert any("duplicate id `a2`" in str(problem) for problem in first.problems)
        parses.clear()
        (folder / "ml" / "a.md").write_text(topic("ta", "a1").replace("about a1", "on a1"))
        report = service.sync()
        # c.md is read in full (its a2 is the one now), and a.md again with it
        assert sorted(parses) == ["a.md", "a.md", "c.md"]
        assert report.problems == []
        assert report.updated == 1
        assert service.content.item("a1").back == "The answer on a1."
        assert service.content.item("a2").source.path.endswith("c.md")
    assert as_a_full_sync_leaves_it(config, tmp_path, folder)


def test_an_item_the_store_holds_retired_is_revived_from_its_unchanged_file(config, folder, parses):
    with open_service(config) as service:
        service.sync()
        with service._transaction() as db:  # as a remote sync leaves an item it learns of
            db.execute("UPDATE items SET retired_at = 1 WHERE id = 'c1'")
        parses.clear()
        path = folder / "ml" / "a.md"
        path.write_text(path.read_text().replace("about a1", "about a1, reworded"))
        report = service.sync()
        assert sorted(parses) == ["a.md", "a.md", "c.md"]
        assert (report.updated, report.revived) == (1, 1)
        assert "c1" in [entry.id for entry in service.due()]


def test_search_finds_the_edited_text_and_the_items_of_unchanged_files(config, folder):
    with open_service(config) as service:
        service.sync()
        path = folder / "ml" / "b.md"
        path.write_text(path.read_text().replace("The answer about b1.", "A zeugma."))
        service.sync()
        assert [f.id for f in service.find(service.item_filter("zeugma"), 10)] == ["b1"]
        found = {f.id for f in service.find(service.item_filter("answer"), 10)}
        assert found == {"a1", "a2", "b2", "c1", "c2"}


def test_a_deleted_file_retires_its_items_and_keeps_the_others(config, folder, parses):
    with open_service(config) as service:
        service.sync()
        parses.clear()
        (folder / "ml" / "b.md").unlink()
        report = service.sync()
        assert parses == []
        assert (report.retired, report.unchanged, report.moved) == (2, 2, 2)
        assert service.content.item("b1") is None
        assert service.content.item("c1") is not None


def test_outlines_cached_by_an_older_build_are_read_in_full_once(config, folder, parses):
    with open_service(config) as service:
        service.sync()
        with service._transaction() as db:
            db.execute("UPDATE content_files SET app_version = '0.0.1'")
        path = folder / "ml" / "a.md"
        path.write_text(path.read_text() + "\n")
        parses.clear()
        service.sync()
        assert sorted(parses) == ["a.md", "b.md", "c.md", "deck.md"]
        path.write_text(path.read_text() + "\n")
        parses.clear()
        service.sync()
        assert parses == ["a.md"]


def test_outlines_hold_no_item_content(config):
    with open_service(config) as service:
        service.sync()
        with service._reading() as db:
            (blob,) = db.execute(
                "SELECT parsed FROM content_files WHERE key LIKE '%b.md'"
            ).fetchone()
    (outline,) = pickle.loads(blob).topics
    assert (outline.items(), [ref.id for ref in outline.refs]) == ([], ["b1", "b2"])
