from datetime import UTC, datetime

from fsrs import Rating, Scheduler

from studyapp.scheduling.review import apply_rating, is_leech_lapse
from studyapp.scheduling.state import Queue

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NEW = {
    "state": 0,
    "step": None,
    "stability": None,
    "difficulty": None,
    "due": None,
    "last_review": None,
    "reps": 0,
    "lapses": 0,
    "suspended": False,
    "leech": False,
}


def scheduler() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def in_review(lapses: int) -> dict:
    after = apply_rating(NEW, Rating.Easy, NOW, scheduler(), leech_threshold=8)
    assert after["state"] == Queue.REVIEW
    return {**after, "lapses": lapses}


def test_a_new_item_rated_good_enters_the_first_learning_step():
    after = apply_rating(NEW, Rating.Good, NOW, scheduler(), leech_threshold=8)
    assert (after["state"], after["step"], after["reps"]) == (Queue.LEARNING, 1, 1)


def test_again_on_a_review_item_counts_a_lapse():
    after = apply_rating(in_review(0), Rating.Again, NOW, scheduler(), leech_threshold=8)
    assert (after["state"], after["lapses"]) == (Queue.RELEARNING, 1)


def test_reaching_the_leech_threshold_tags_and_suspends():
    after = apply_rating(in_review(7), Rating.Again, NOW, scheduler(), leech_threshold=8)
    assert after["leech"] and after["suspended"]


def test_a_lapse_below_the_threshold_is_not_a_leech():
    after = apply_rating(in_review(6), Rating.Again, NOW, scheduler(), leech_threshold=8)
    assert not after["leech"] and not after["suspended"]


def test_leeches_are_flagged_again_every_half_threshold():
    assert [n for n in range(1, 17) if is_leech_lapse(n, 8)] == [8, 12, 16]
