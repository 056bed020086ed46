"""SQLAlchemy 2 typed models: the tables studyapp keeps in its SQLite file.

An ``Item`` row holds both what an item is (id, deck, source, a pickled copy of the
content-model item so the queue never re-parses markdown) and where it stands in FSRS,
like Anki's ``cards`` table: the queue's queries then run on one table with partial
indexes. The review log is append-only; undo only stamps ``undone_at`` and records the
undo in ``facts``, the log of what happened besides reviews (undos, suspensions,
scheduling settings), which is what devices exchange through a remote.
Times are stored as integer milliseconds since the epoch and surface as aware UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from studyapp.store import review_facts
from studyapp.store.item_conditions import ACTIVE, IS_NEW, NOT_RETIRED
from studyapp.store.queries.browse import BROWSE_INDEXES, BROWSING
from studyapp.store.queries.search_index import SEARCH_DDL
from studyapp.store.review_write import UNDOABLE
from studyapp.store.times import from_millis, to_millis


class UTCMillis(TypeDecorator[datetime]):
    """An aware UTC datetime stored as epoch milliseconds (sortable, compact, unambiguous)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use aware UTC")
        return to_millis(value)

    def process_result_value(self, value: int | None, dialect: Any) -> datetime | None:
        return None if value is None else from_millis(value)


class Base(DeclarativeBase):
    pass


class DeckRow(Base):
    __tablename__ = "decks"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    new_per_day: Mapped[int | None] = mapped_column(Integer)
    reviews_per_day: Mapped[int | None] = mapped_column(Integer)
    retired_at: Mapped[datetime | None] = mapped_column(UTCMillis)


BROWSE_INDEX_COLUMNS = (
    "position",
    "deck_id",
    "kind",
    "state",
    "suspended",
    "leech",
    "due",
    "retired_at",
    "id",
)


def browse_columns_led_by(column: str) -> tuple[str, ...]:
    """The browse index's columns led by the filter ``column`` (then in content order)."""
    return (column, *(c for c in BROWSE_INDEX_COLUMNS if c != column))


# The reports' covering indexes on items: each reviewed item's deck and kind by id (the
# review log's per-item statistics), and every column the mastery tallies and the weakest
# items read, in topic order so the tallies group without sorting. Led by the topic, it
# offers nothing to the queue's queries, which select by deck, state and due date.
ITEM_DECK_KIND_INDEX = "ix_items_id_deck_kind"
MASTERY_INDEX = "ix_items_mastery"
MASTERY_INDEX_COLUMNS = (
    "topic_id",
    "deck_id",
    "state",
    "stability",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
    "kind",
    "id",
    "retired_at",  # NULL in every entry, but SQLite reads the row for a column not listed
)


class ItemRow(Base):
    __tablename__ = "items"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # ItemKind value
    deck_id: Mapped[str] = mapped_column(String)
    topic_id: Mapped[str] = mapped_column(String)
    # the topic's title as last synced: reports name topics whose folder is not loaded
    topic_title: Mapped[str | None] = mapped_column(String)
    sibling_of: Mapped[str | None] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)  # file order across all content
    content_hash: Mapped[str] = mapped_column(String)
    source_path: Mapped[str] = mapped_column(String)
    source_line: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # pickled content-model item
    retired_at: Mapped[datetime | None] = mapped_column(UTCMillis)

    # FSRS state; state 0 = new (never reviewed), else fsrs.State (1 learning, 2 review,
    # 3 relearning).
    state: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime | None] = mapped_column(UTCMillis)
    last_review: Mapped[datetime | None] = mapped_column(UTCMillis)
    reps: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    lapses: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    suspended: Mapped[bool] = mapped_column(default=False, server_default=text("0"))
    leech: Mapped[bool] = mapped_column(default=False, server_default=text("0"))

    # Covering indexes: the queue's queries never read the wide rows (payloads) themselves.
    # Their conditions are those of ``item_conditions``, which every query repeats.
    __table_args__ = (
        Index(
            "ix_items_active_due",
            "state",
            "due",
            "deck_id",
            "sibling_of",
            "id",
            sqlite_where=text(ACTIVE),
        ),
        Index(
            "ix_items_active_new",
            "deck_id",
            "position",
            "sibling_of",
            "id",
            sqlite_where=text(f"{ACTIVE} AND {IS_NEW}"),
        ),
        Index("ix_items_deck", "deck_id", "retired_at", "suspended", "leech"),
        Index(ITEM_DECK_KIND_INDEX, "id", "deck_id", "kind"),
        Index(MASTERY_INDEX, *MASTERY_INDEX_COLUMNS, sqlite_where=text(NOT_RETIRED)),
        Index("ix_items_sibling_of", "sibling_of"),
        # Covering for the browser's filters in content order (store.queries.browse): every
        # item, or those of one deck or of one kind without reading the others.
        Index(BROWSE_INDEXES[""], *BROWSE_INDEX_COLUMNS),
        Index(
            BROWSE_INDEXES["deck"], *browse_columns_led_by("deck_id"), sqlite_where=text(BROWSING)
        ),
        Index(BROWSE_INDEXES["kind"], *browse_columns_led_by("kind"), sqlite_where=text(BROWSING)),
    )


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCMillis)
    rating: Mapped[int] = mapped_column(Integer)
    elapsed_ms: Mapped[int] = mapped_column(Integer)
    queue: Mapped[str] = mapped_column(String)  # state before: new|learning|review|relearning
    answer: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String)
    feedback: Mapped[dict | None] = mapped_column(JSON)
    params: Mapped[dict | None] = mapped_column(JSON)
    state_before: Mapped[dict] = mapped_column(JSON)
    state_after: Mapped[dict] = mapped_column(JSON)
    undone_at: Mapped[datetime | None] = mapped_column(UTCMillis)
    # Derived from the JSON above on insert (see review_facts), for the reports' indexes.
    stability_before: Mapped[float | None] = mapped_column(default=review_facts.stability_before)
    mistake: Mapped[str | None] = mapped_column(String, default=review_facts.mistake)
    # Global identity across devices: the review's uuid and the device that made it.
    # Nullable only in the schema: migration 0006 adds them without copying the table.
    uid: Mapped[str] = mapped_column(String, nullable=True, default=lambda: uuid4().hex)
    device_id: Mapped[str | None] = mapped_column(String)

    mistake_text: Mapped[str | None] = mapped_column(String, default=review_facts.mistake_message)

    # The first four are covering indexes: a report reads a million reviews from them
    # without touching the rows (their JSON) at all.
    __table_args__ = (
        Index(
            "ix_reviews_day",
            "reviewed_at",
            "undone_at",
            "queue",
            "rating",
            "elapsed_ms",
            "item_id",
        ),
        Index(
            "ix_reviews_retention",
            "queue",
            "item_id",
            "undone_at",
            "reviewed_at",
            "stability_before",
            "rating",
        ),
        Index(
            "ix_reviews_verdicts",
            "verdict",
            "item_id",
            "mistake",
            "undone_at",
            "reviewed_at",
            "mistake_text",
            sqlite_where=text("verdict IS NOT NULL"),
        ),
        Index("ix_reviews_answer_time", "elapsed_ms", "reviewed_at", "undone_at", "item_id"),
        # Covering for the FSRS optimiser, which reads every rated review item by item in
        # time order (store.queries.review_history); per-item lookups use its first two.
        Index("ix_reviews_item_time", "item_id", "reviewed_at", "undone_at", "queue", "rating"),
        Index("ix_reviews_uid", "uid", unique=True),
        # Undo's: this device's latest review it may take back, without reading the log
        # (after an import or a pull of many reviews, that read them all).
        Index("ix_reviews_undo", "device_id", "id", sqlite_where=text(UNDOABLE)),
    )


class FactRow(Base):
    """Something that happened besides a review, from this device or pulled from another.

    Keys: ``undo:<review uid>``, ``suspended:<item id>`` (value true/false),
    ``scheduling`` (the settings that decide intervals) and ``parameters[:<deck id>]``
    (an FSRS parameter set adopted or reverted). For a key with a value the latest
    ``written_at`` wins (ties broken by device, then uid), the same on every device.
    """

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String, unique=True)
    key: Mapped[str] = mapped_column(String)
    value: Mapped[str | None] = mapped_column(Text)  # JSON
    written_at: Mapped[int] = mapped_column(BigInteger)  # epoch ms
    device_id: Mapped[str] = mapped_column(String)

    __table_args__ = (Index("ix_facts_key", "key", "written_at"),)


class RemoteCursorRow(Base):
    """How far this device has pulled each device's records from the remote."""

    __tablename__ = "remote_cursors"

    device_id: Mapped[str] = mapped_column(String, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


class ContentFileRow(Base):
    """The parse cache: a parsed markdown file, reused while its mtime and size hold."""

    __tablename__ = "content_files"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String)
    app_version: Mapped[str] = mapped_column(String)
    parsed: Mapped[bytes] = mapped_column(LargeBinary)


class ParameterSetRow(Base):
    """A set of FSRS parameters fitted to the review log here, adopted or not.

    Every fit is kept. Adopting one and reverting it are facts (``parameters`` keys), which
    say the set in force on every device (``studyapp.store.queries.parameter_sets``).
    """

    __tablename__ = "fsrs_parameters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fitted_at: Mapped[datetime] = mapped_column(UTCMillis)
    deck_id: Mapped[str | None] = mapped_column(String)  # None: fitted to every deck
    parameters: Mapped[list] = mapped_column(JSON)  # the 21 FSRS-6 weights
    reviews: Mapped[int] = mapped_column(Integer)  # review-log entries the fit learned from
    log_loss_before: Mapped[float]
    log_loss_after: Mapped[float]
    rmse_before: Mapped[float]
    rmse_after: Mapped[float]
    adopted: Mapped[bool]  # whether it was adopted when fitted

    __table_args__ = (Index("ix_fsrs_parameters_deck", "deck_id", "adopted", "id"),)

class ItemTextRow(Base):
    """An item's searchable text; the FTS5 index ``item_search`` over it is created beside
    it (see ``search_index``), and triggers keep the two in step."""

    __tablename__ = "item_texts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(String, unique=True)
    doc_key: Mapped[str] = mapped_column(String)  # what the text was built from
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    extra: Mapped[str] = mapped_column(Text)
    # Its deck and kind as tokens (search_index.facets); empty until the next sync.
    facets: Mapped[str] = mapped_column(Text, server_default="")


@event.listens_for(ItemTextRow.__table__, "after_create")
def _create_search_index(target: object, connection: Any, **_kw: Any) -> None:
    for statement in SEARCH_DDL:
        connection.exec_driver_sql(statement)


class MetaRow(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
