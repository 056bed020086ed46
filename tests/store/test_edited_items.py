"""Editing a card without a written ``{#id}`` keeps its progress (detected like a rename)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.config import AppConfig
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DECK = "```deck\nid: ml\ntitle: ML\n```\n"


def topic(*cards: tuple[str, str]) -> str:
    lines = "\n".join(f"Q: {question}\nA: {answer}" for question, answer in cards)
    return f"```topic\nid: ens\ntitle: Ensembles\n```\n\n```cards\n{lines}\n```\n"


BAGGING = ("What does bagging mainly reduce?", "Variance.")
BOOSTING = ("What does boosting mainly reduce?", "Bias.")
STACKING = ("What does stacking learn on top of the base models?", "A meta-model.")


class Deck:
    """A content folder without written ids, and a service to sync and rate it."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "content"
        (self.folder / "ml").mkdir(parents=True)
        (self.folder / "ml" / "deck.md").write_text(DECK)
        home = tmp_path / "home"
        home.mkdir()
        config = AppConfig(home=home, extra_content_dirs=(self.folder,), include_bundled=False)
        self.service = StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False)
        self.db_path = config.db_path

    def write(self, *cards: tuple[str, str]):
        (self.folder / "ml" / "ensembles.md").write_text(topic(*cards))
        return self.service.sync()

    def id_of(self, question: str) -> str:
        return next(i.id for i in self.service.content.items() if i.front == question)

    def rate(self, question: str, times: int = 1) -> None:
        for _ in range(times):
            self.service.rate(self.id_of(question), Rating.Good, 1000)

    def reviews_of(self, question: str) -> int:
        with sqlite3.connect(self.db_path) as connection:
            (count,) = connection.execute(
                "SELECT count(*) FROM reviews WHERE item_id = ?", (self.id_of(question),)
            ).fetchone()
        return count

    def retired_with_reviews(self) -> int:
        with sqlite3.connect(self.db_path) as connection:
            (count,) = connection.execute(
                "SELECT count(DISTINCT r.item_id) FROM reviews r JOIN items i ON i.id = r.item_id"
                " WHERE i.retired_at IS NOT NULL"
            ).fetchone()
        return count


@pytest.fixture
def deck(tmp_path: Path) -> Iterator[Deck]:
    opened = Deck(tmp_path)
    yield opened
    opened.service.close()


def counts(report) -> tuple[int, int, int]:
    return report.added, report.updated, report.retired


def test_a_typo_fixed_in_the_question_keeps_the_cards_progress(deck):
    deck.write(("What does baging mainly reduce?", "Variance."), BOOSTING)
    deck.rate("What does baging mainly reduce?", times=2)

    report = deck.write(BAGGING, BOOSTING)

    assert counts(report) == (0, 1, 0)
    assert deck.reviews_of(BAGGING[0]) == 2
    assert deck.service.queue_label(deck.id_of(BAGGING[0])) != "new"
    assert deck.retired_with_reviews() == 0


def test_reordered_cards_with_an_edit_keep_their_own_progress(deck):
    deck.write(BAGGING, BOOSTING, STACKING)
    deck.rate(BAGGING[0], times=1)
    deck.rate(BOOSTING[0], times=3)
    edited_boosting = ("What does boosting reduce, mainly?", "Bias.")

    report = deck.write(STACKING, edited_boosting, BAGGING)

    assert counts(report) == (0, 1, 0)
    assert report.moved == 2
    assert deck.reviews_of(edited_boosting[0]) == 3
    assert deck.reviews_of(BAGGING[0]) == 1


def test_a_card_split_in_two_hands_its_progress_to_the_closer_half(deck):
    deck.write(("What do bagging and boosting mainly reduce?", "Variance and bias."), STACKING)
    deck.rate("What do bagging and boosting mainly reduce?", times=2)

    report = deck.write(BAGGING, BOOSTING, STACKING)

    assert counts(report) == (1, 1, 0)
    assert sorted([deck.reviews_of(BAGGING[0]), deck.reviews_of(BOOSTING[0])]) == [0, 2]
    assert deck.retired_with_reviews() == 0


def test_deleting_one_card_among_similar_ones_retires_that_one(deck):
    similar = [(f"What is the bias of estimator {name}?", f"Zero for {name}.") for name in "ABC"]
    deck.write(*similar)
    for times, card in enumerate(similar, start=1):
        deck.rate(card[0], times=times)
    c_with_typo = ("What is the bias of estimatr C?", "Zero for C.")

    report = deck.write(similar[0], c_with_typo)  # B deleted, C edited in the same sync

    assert counts(report) == (0, 1, 1)
    assert deck.reviews_of(similar[0][0]) == 1
    assert deck.reviews_of(c_with_typo[0]) == 3  # C's own history, not B's
    assert deck.retired_with_reviews() == 1  # B, with its 2 reviews kept


def test_a_different_card_in_the_place_of_a_deleted_one_is_new(deck):
    deck.write(BAGGING, BOOSTING)
    deck.rate(BAGGING[0])
    other = ("Why does a random forest sample features at each split?", "To decorrelate trees.")

    report = deck.write(other, BOOSTING)

    assert counts(report) == (1, 0, 1)
    assert deck.reviews_of(other[0]) == 0


def test_restore_replays_reviews_made_before_an_edit_under_the_new_id(deck):
    from studyapp.store.backup import restore_backup, take_backup

    deck.write(("What does baging mainly reduce?", "Variance."), BOOSTING)
    config = deck.service.config
    backup = take_backup(deck.db_path, config.backup_dir, NOW, "manual", 3)
    deck.rate("What does baging mainly reduce?")
    deck.write(BAGGING, BOOSTING)  # the typo fixed: the same card under a new id
    deck.rate(BAGGING[0])
    deck.service.close()

    restore_backup(backup, deck.db_path, NOW)
    deck.service = StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False)
    deck.service.sync()
    replayed = deck.service.replay_journal()

    assert (replayed.reviews, replayed.unknown_items) == (2, 0)
    assert deck.reviews_of(BAGGING[0]) == 2
