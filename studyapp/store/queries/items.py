"""One item at a time, through SQLAlchemy: its row, suspending it, undoing its review.

These run inside the service's transactions (a SQLAlchemy ``Connection``); the hot paths
(the queue, recording a review) are plain DB-API elsewhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, text, update

from studyapp.store.models import ItemRow, ReviewRow
from studyapp.store.review_write import UNDOABLE

items = ItemRow.__table__
reviews = ReviewRow.__table__


def item_row(connection: Connection, item_id: str) -> Row[Any] | None:
    """Every column of the item, or None if there is no such item."""
    return connection.execute(select(items).where(items.c.id == item_id)).first()


def set_suspended(connection: Connection, item_id: str, value: bool) -> None:
    connection.execute(update(items).where(items.c.id == item_id).values(suspended=value))


def latest_review_not_undone(connection: Connection, device_id: str) -> Row[Any] | None:
    """``id, uid, item_id, reviewed_at, state_before, state_after`` of the latest review
    ``device_id`` made that is not yet undone (an imported one is not made here), or None."""
    return connection.execute(
        select(
            reviews.c.id,
            reviews.c.uid,
            reviews.c.item_id,
            reviews.c.reviewed_at,
            reviews.c.state_before,
            reviews.c.state_after,
        )
        .where(reviews.c.device_id == device_id, text(UNDOABLE))  # see ix_reviews_undo
        .order_by(reviews.c.id.desc())
        .limit(1)
    ).first()


def restore_item(connection: Connection, item_id: str, columns: dict[str, Any]) -> None:
    """Put the item's scheduling ``columns`` back (undo)."""
    connection.execute(update(items).where(items.c.id == item_id).values(columns))


def mark_undone(connection: Connection, review_id: int, at: datetime) -> None:
    connection.execute(update(reviews).where(reviews.c.id == review_id).values(undone_at=at))
