"""What comes next once the queue is empty: later learning steps, the next day with items."""

from __future__ import annotations

from datetime import timedelta

from sched_helpers import START, Clock, DeckSpec, review_all


def test_a_long_learning_step_is_next_later_today(make_service, clock: Clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b"]), learning_steps_minutes=(60,))
    review_all(service, rating=1)
    upcoming = service.upcoming()
    assert (upcoming.learning, upcoming.learning_at) == (2, START + timedelta(minutes=60))
    assert upcoming.next_day is None and not upcoming.new_waiting


def test_graduated_items_are_due_on_a_later_study_day(make_service, clock: Clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b", "c"]))
    review_all(service, rating=4)
    upcoming = service.upcoming()
    assert upcoming.learning == 0 and upcoming.next_day is not None
    assert upcoming.next_day.start >= service.study_day().end
    assert upcoming.next_day_count == 3  # one rating, one interval, one day
    assert upcoming.days_ahead == (upcoming.next_day.start - service.study_day().start).days


def test_the_deck_filter_counts_only_that_deck(make_service, clock: Clock) -> None:
    service = make_service(DeckSpec("d", ["a"]), DeckSpec("e", ["b"]))
    review_all(service, rating=4)
    assert service.upcoming("e").next_day_count == 1
    assert service.upcoming().next_day_count == 2


def test_new_items_over_the_daily_limit_wait_for_tomorrow(make_service, clock: Clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b"], new_per_day=1))
    review_all(service, rating=4)
    assert service.upcoming().new_waiting


def test_reviews_over_the_daily_limit_are_held_back(make_service, clock: Clock) -> None:
    service = make_service(DeckSpec("d", ["a", "b", "c"], reviews_per_day=1))
    review_all(service, rating=4)
    clock.advance(days=60)
    review_all(service, rating=3)
    upcoming = service.upcoming()
    assert upcoming.held_back == 2
