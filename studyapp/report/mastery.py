"""Where items stand now: mastery per deck and topic, the stability spread, weakest items."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from sqlalchemy import Connection, text

from studyapp.report.model import Bucket, Mastery, Weakest, WeakItem
from studyapp.report.retrievability import SQL_FUNCTION
from studyapp.report.scope import DAY_MS, MATURE_DAYS, Scope

# Upper bounds in days; the last bucket is open.
STABILITY_BUCKETS = (
    (1, "< 1 day"),
    (7, "1–7 days"),
    (21, "1–3 weeks"),
    (90, "3 weeks–3 months"),
    (365, "3–12 months"),
    (None, "≥ 1 year"),
)
WEAK_LIMIT = 10
LEECH_LIMIT = 50
LABEL_CHARS = 80


@dataclass
class _Tally:
    items: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0
    rated: int = 0
    retrievability_sum: float = 0.0

    def add(self, other: _Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def mastery(self, key: str, title: str) -> Mastery:
        mean = self.retrievability_sum / self.rated if self.rated else None
        return Mastery(
            key,
            title,
            self.items,
            self.new,
            self.learning,
            self.review,
            self.mature,
            self.suspended,
            self.leeches,
            mean,
        )


def mastery(
    connection: Connection, scope: Scope, titles: dict[str, str]
) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...]]:
    """(per deck, per topic), in deck title then topic order."""
    where, params = scope.item_conditions()
    rows = connection.execute(
        text(
            f"""
            SELECT i.deck_id, i.topic_id, count(*), sum(i.state = 0), sum(i.state IN (1, 3)),
                   sum(i.state = 2),
                   sum(i.state = 2 AND i.due - i.last_review >= {MATURE_DAYS * DAY_MS}),
                   sum(i.suspended), sum(i.leech), count(i.r), total(i.r)
            FROM (SELECT deck_id, topic_id, position, state, due, last_review, suspended, leech,
                         CASE WHEN state > 0 THEN
                             {SQL_FUNCTION}(:now_ms - last_review, stability) END AS r
                  FROM items i WHERE {where}) i
            GROUP BY i.deck_id, i.topic_id
            ORDER BY min(i.position)
            """
        ),
        {**params, "now_ms": scope.now_ms},
    )
    decks: dict[str, _Tally] = {}
    topics: list[Mastery] = []
    for deck_id, topic_id, *values in rows:
        tally = _Tally(*(int(v or 0) for v in values[:-1]), float(values[-1] or 0.0))
        decks.setdefault(deck_id, _Tally()).add(tally)
        topics.append(tally.mastery(f"{deck_id}/{topic_id}", topic_id))
    deck_rows = sorted(
        (tally.mastery(deck_id, titles.get(deck_id, deck_id)) for deck_id, tally in decks.items()),
        key=lambda m: (m.title, m.key),
    )
    return tuple(deck_rows), tuple(topics)


def stability_spread(connection: Connection, scope: Scope) -> tuple[Bucket, ...]:
    """How many reviewed items have each range of memory stability (in days)."""
    where, params = scope.item_conditions()
    cases = " ".join(
        f"WHEN i.stability < {bound} THEN {index}"
        for index, (bound, _label) in enumerate(STABILITY_BUCKETS)
        if bound is not None
    )
    rows = dict(
        connection.execute(
            text(
                f"""
                SELECT CASE {cases} ELSE {len(STABILITY_BUCKETS) - 1} END AS bucket, count(*)
                FROM items i WHERE {where} AND i.state > 0 AND i.stability IS NOT NULL
                GROUP BY bucket
                """
            ),
            params,
        ).all()
    )
    return tuple(
        Bucket(label, int(rows.get(index, 0)))
        for index, (_bound, label) in enumerate(STABILITY_BUCKETS)
    )


def weakest(connection: Connection, scope: Scope) -> Weakest:
    where, params = scope.item_conditions()
    params = {**params, "now_ms": scope.now_ms}

    def items(condition: str, order: str, limit: int) -> tuple[WeakItem, ...]:
        rows = connection.execute(
            text(
                f"""
                SELECT i.id, i.deck_id, i.kind, i.payload, i.lapses, i.reps, i.leech,
                       i.suspended,
                       CASE WHEN i.state > 0 THEN
                           {SQL_FUNCTION}(:now_ms - i.last_review, i.stability) END AS r
                FROM items i WHERE {where} AND {condition}
                ORDER BY {order}, i.position LIMIT {limit}
                """
            ),
            params,
        )
        return tuple(
            WeakItem(
                row.id,
                row.deck_id,
                row.kind,
                item_label(row.payload),
                row.lapses,
                row.reps,
                row.r,
                bool(row.leech),
                bool(row.suspended),
            )
            for row in rows
        )

    return Weakest(
        most_lapses=items("i.lapses > 0", "i.lapses DESC, i.reps DESC", WEAK_LIMIT),
        lowest_retrievability=items(
            "i.state > 0 AND i.stability IS NOT NULL AND i.suspended = 0", "r ASC", WEAK_LIMIT
        ),
        leeches=items("i.leech = 1", "i.lapses DESC", LEECH_LIMIT),
    )


def item_label(payload: bytes) -> str:
    """What the learner would recognise: a card's front or an exercise's prompt."""
    item = pickle.loads(payload)
    text_ = getattr(item, "front", None) or getattr(item, "prompt", None) or item.id
    line = " ".join(str(text_).split())
    return line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…"
