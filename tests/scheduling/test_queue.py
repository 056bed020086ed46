from sched_helpers import DeckSpec, review_all

from studyapp.scheduling import Rating


def test_new_items_come_in_file_order(make_service):
    service = make_service(DeckSpec("d", ["c", "a", "b"]))
    assert [e.id for e in service.due()] == ["c", "a", "b"]
    assert service.next_item().item.id == "c"


def test_learning_due_now_comes_before_new_items(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b", "c"]))
    service.rate("b", Rating.Again, 1000)  # back in one minute
    clock.advance(minutes=2)
    assert service.next_item().item.id == "b"
    assert service.next_item().state == "learning"


def test_reviews_due_today_come_before_new_items_ordered_by_due(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b", "new"]), new_per_day=2)
    service.rate("b", Rating.Easy, 1000)
    clock.advance(hours=1)
    service.rate("a", Rating.Easy, 1000)
    clock.advance(days=60)
    assert service.next_item().item.id == "b"
    assert service.remaining().review == 2
    assert [e.id for e in service.due()] == ["b", "a", "new"]


def test_the_daily_new_limit_holds_and_resets_the_next_day(make_service, clock):
    service = make_service(DeckSpec("d", [f"c{i}" for i in range(5)]), new_per_day=2)
    assert review_all(service) == ["c0", "c1", "c0", "c1"]
    assert service.remaining().new == 0
    clock.advance(days=1)
    assert service.next_item().item.id == "c2"
    assert service.remaining().new == 2


def test_a_deck_limit_overrides_the_setting(make_service):
    service = make_service(
        DeckSpec("small", ["s1", "s2", "s3"], new_per_day=1),
        DeckSpec("big", ["b1", "b2", "b3"]),
        new_per_day=2,
    )
    summaries = {s.deck_id: s for s in service.deck_summaries()}
    assert (summaries["small"].new, summaries["big"].new) == (1, 2)
    assert service.remaining().new == 3


def test_the_daily_review_limit_counts_reviews_done_today(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b", "c"]), reviews_per_day=2)
    for item_id in ("a", "b", "c"):
        service.rate(item_id, Rating.Easy, 1000)
    clock.advance(days=60)
    assert service.remaining().review == 2
    service.rate("a", Rating.Good, 1000)
    assert service.remaining().review == 1


def test_a_sibling_is_buried_until_the_next_day(make_service, clock):
    service = make_service(DeckSpec("d", ["x", "x~rev", "y"]))
    service.rate("x", Rating.Easy, 1000)
    assert [e.id for e in service.due()] == ["y"]
    clock.advance(days=1)
    assert "x~rev" in [e.id for e in service.due()]


def test_an_item_reviewed_today_is_not_buried_by_its_sibling(make_service, clock):
    service = make_service(DeckSpec("d", ["x", "x~rev"]))
    service.rate("x", Rating.Again, 1000)
    clock.advance(minutes=2)
    assert service.next_item().item.id == "x"


def test_a_deck_filter_only_shows_that_deck(make_service):
    service = make_service(DeckSpec("one", ["a"]), DeckSpec("two", ["b"]))
    assert service.next_item("two").item.id == "b"
    assert [e.id for e in service.due("one")] == ["a"]


def test_a_suspended_item_leaves_the_queue_until_unsuspended(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    service.suspend("a")
    assert [e.id for e in service.due()] == ["b"]
    assert service.deck_summaries()[0].suspended == 1
    service.unsuspend("a")
    assert [e.id for e in service.due()] == ["a", "b"]


def test_an_item_lapsing_to_the_threshold_becomes_a_suspended_leech(make_service, clock):
    service = make_service(DeckSpec("d", ["hard", "other"]), leech_threshold=3)
    service.rate("hard", Rating.Easy, 1000)
    records = []
    for _ in range(3):
        clock.advance(days=100)
        records.append(service.rate("hard", Rating.Again, 1000))
        service.rate("hard", Rating.Good, 1000)  # relearnt, back to review
    assert [r.became_leech for r in records] == [False, False, True]
    assert service.is_suspended("hard")
    assert service.deck_summaries()[0].leeches == 1
    assert "hard" not in [e.id for e in service.due()]


def test_nothing_left_means_no_next_item(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    review_all(service)
    assert service.next_item() is None
    assert service.remaining().total == 0


def test_a_learning_step_due_soon_is_shown_when_nothing_else_is_left(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    service.rate("a", Rating.Good, 1000)  # next step in 10 minutes
    entry = service.next_item()
    assert entry is not None and entry.item.id == "a"
