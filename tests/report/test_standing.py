"""Item statistics aggregated in SQL agree with their Python definitions."""

from __future__ import annotations

from datetime import timedelta

from report_support import DAY, NOW, History

from studyapp.report import ReportFilter
from studyapp.report.scope import make_scope
from studyapp.store.engine import driver
from studyapp.store.queries.report_items import RECALL, ensure_pow
from studyapp.store.times import DAY_MS, to_millis

# (stability, time since the last review): partial days, a review in the future, day 0.
CASES = [
    (stability, elapsed)
    for stability in (0.3, 1, 2.5, 17.25, 400)
    for elapsed in (
        timedelta(0),
        timedelta(hours=23, minutes=59),
        timedelta(days=1),
        timedelta(days=3, hours=5),
        timedelta(days=90),
        timedelta(days=-2, hours=3),
    )
]


def test_sql_recall_is_the_python_forgetting_curve_to_the_last_bit(history: History) -> None:
    for n, (stability, elapsed) in enumerate(CASES):
        history.item(
            f"i{n}", state="review", stability=stability, last_review=NOW - elapsed, due=NOW
        )
    history.item("new")
    history.item("zero", state="review", stability=0, last_review=NOW, due=NOW)
    engine = history.save()
    scope = make_scope(4, ReportFilter(), NOW, None)
    try:
        with engine.connect() as connection:
            where, params = scope.item_filter().conditions()
            db = driver(connection)
            ensure_pow(db)
            got = dict(db.execute(f"SELECT id, {RECALL} FROM items WHERE {where}", params))
    finally:
        engine.dispose()
    expected = {
        f"i{n}": scope.curve.retrievability(to_millis(NOW) - to_millis(NOW - elapsed), stability)
        for n, (stability, elapsed) in enumerate(CASES)
    }
    assert got == {**expected, "new": None, "zero": None}


def test_item_statistics_leave_out_retired_items_and_other_decks(history: History) -> None:
    history.item(
        "kept", deck="ml", state="review", stability=1, last_review=NOW - 9 * DAY, due=NOW, lapses=2
    )
    history.item(
        "retired",
        deck="ml",
        state="review",
        stability=1,
        last_review=NOW - 30 * DAY,
        due=NOW,
        lapses=9,
        leech=True,
        retired=True,
    )
    history.item(
        "other",
        deck="prob",
        state="review",
        stability=1,
        last_review=NOW - 30 * DAY,
        due=NOW,
        lapses=9,
        leech=True,
    )
    report = history.report(deck="ml")
    weakest = report.weakest
    assert [w.id for w in (*weakest.most_lapses, *weakest.lowest_retrievability)] == ["kept"] * 2
    assert weakest.leeches == ()
    curve = make_scope(4, ReportFilter(), NOW, None).curve
    assert weakest.most_lapses[0].retrievability == curve.retrievability(9 * DAY_MS, 1)
    assert [f.due for f in report.forecast[:2]] == [1, 0]
    assert [(t.key, t.items) for t in report.topics] == [("ml/basics", 1)]
    assert report.stability[0].count == 0 and report.stability[1].count == 1
