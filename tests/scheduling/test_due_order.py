"""``studyapp due`` lists items in the order the review shows them."""

from __future__ import annotations

from fsrs import Rating
from sched_helpers import DeckSpec

from studyapp.scheduling.service import StudyService


def review_order(service: StudyService) -> list[str]:
    """The ids the review shows one after the other (each suspended once shown, so that
    showing it changes nothing else about the queue)."""
    shown: list[str] = []
    while (entry := service.next_item()) is not None:
        assert len(shown) < 100, "the queue never empties"
        shown.append(entry.item.id)
        service.suspend(entry.item.id)
    return shown


def test_due_lists_a_learning_step_due_soon_after_the_new_cards_due_now(make_service, clock):
    service = make_service(
        DeckSpec("a", ["review", "soon", "now", "new1", "new2"]),
        DeckSpec("b", ["new3"]),
    )
    service.rate("review", Rating.Easy, 1000)
    clock.advance(days=30)  # "review" is due again
    service.rate("soon", Rating.Good, 1000)  # the next learning step in 10 minutes
    service.rate("now", Rating.Again, 1000)  # the next learning step in 1 minute
    clock.advance(minutes=2)

    listed = [entry.id for entry in service.due()]

    assert listed == ["now", "review", "new1", "new2", "new3", "soon"]
    assert listed == review_order(service)


def test_due_of_one_deck_follows_that_decks_review(make_service, clock):
    service = make_service(DeckSpec("a", ["a1", "a2", "a3"]), DeckSpec("b", ["b1", "b2"]))
    service.rate("a1", Rating.Good, 1000)
    service.rate("b1", Rating.Good, 1000)
    clock.advance(minutes=1)
    listed = [entry.id for entry in service.due("b")]
    shown: list[str] = []
    while (entry := service.next_item("b")) is not None:
        shown.append(entry.item.id)
        service.suspend(entry.item.id)
    assert listed == shown == ["b2", "b1"]
