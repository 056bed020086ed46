"""Small named values kept in the ``meta`` table."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from studyapp.store.models import MetaRow

_meta = MetaRow.__table__


def read_meta(connection: Connection, key: str) -> str | None:
    return connection.execute(select(_meta.c.value).where(_meta.c.key == key)).scalar()


def write_meta(connection: Connection, key: str, value: str) -> None:
    """Set ``key``; writes nothing when it already holds ``value``."""
    if read_meta(connection, key) == value:
        return
    statement = insert(_meta).values(key=key, value=value)
    connection.execute(
        statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
    )
