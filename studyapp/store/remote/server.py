"""The server's side of a sync, through psycopg 3: push a device's records, pull others'.

Push: in one transaction, lock the device's row, number the records after its sequence,
insert those the server lacks (a record's uid decides; a re-sent one is skipped) and move
the sequence on. Numbers left unused by skipped records are gaps, which pulls step over. Pull: in one repeatable-read snapshot, every device's records after the
puller's cursor for it, and the new cursors (the devices' sequences in that snapshot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

# Columns as they travel: JSON as text both ways (the server stores jsonb).
REVIEW_FIELDS = (
    "uid",
    "item_id",
    "reviewed_at",
    "rating",
    "elapsed_ms",
    "queue",
    "answer",
    "verdict",
    "feedback",
    "params",
    "state_before",
    "state_after",
)
FACT_FIELDS = ("uid", "key", "value", "written_at")
_JSON = {"feedback", "params", "state_before", "state_after", "value"}
_TYPES = {"reviewed_at": "bigint", "rating": "smallint", "elapsed_ms": "integer", "written_at": "bigint"}


@dataclass(frozen=True)
class Pushed:
    inserted: int  # records the server did not have yet
    seq_before: int  # the device's sequence before this push
    seq_after: int


@dataclass
class Pulled:
    reviews: list[tuple] = field(default_factory=list)  # device_id, *REVIEW_FIELDS
    facts: list[tuple] = field(default_factory=list)  # device_id, *FACT_FIELDS
    cursors: dict[str, int] = field(default_factory=dict)


def push(
    connection: psycopg.Connection,
    device_id: str,
    reviews: Sequence[tuple],
    facts: Sequence[tuple],
) -> Pushed:
    """Store ``reviews`` (rows of REVIEW_FIELDS) and ``facts`` (FACT_FIELDS) as this device's."""
    with connection.transaction():
        connection.execute(
            "INSERT INTO devices (id) VALUES (%s) ON CONFLICT (id) DO NOTHING", (device_id,)
        )
        row = connection.execute(
            "SELECT seq FROM devices WHERE id = %s FOR UPDATE", (device_id,)
        ).fetchone()
        base = row[0]
        inserted = _insert(connection, "reviews", REVIEW_FIELDS, reviews, device_id, base)
        inserted += _insert(connection, "facts", FACT_FIELDS, facts, device_id, base + len(reviews))
        after = base + len(reviews) + len(facts)
        connection.execute(
            "UPDATE devices SET seq = %s, last_push = now() WHERE id = %s", (after, device_id)
        )
    return Pushed(inserted, base, after)


def _insert(
    connection: psycopg.Connection,
    table: str,
    fields: Sequence[str],
    rows: Sequence[tuple],
    device_id: str,
    base: int,
) -> int:
    """Store the rows numbered from ``base``, skipping those the server holds already.

    Usually none of them is there, and one COPY straight into the table stores them all.
    A batch re-sent after a cut connection holds some: the unique uid stops that COPY,
    and the rows go through a scratch table that inserts only the new ones.
    """
    if not rows:
        return 0
    from psycopg.errors import UniqueViolation

    columns = f"device_id, seq, {', '.join(fields)}"
    try:
        with (
            connection.transaction(),  # a savepoint: the failed COPY leaves nothing
            connection.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for n, row in enumerate(rows, start=1):
                copy.write_row((device_id, base + n, *row))
        return len(rows)
    except UniqueViolation:
        return _insert_new(connection, table, fields, rows, device_id, base)


def _insert_new(
    connection: psycopg.Connection,
    table: str,
    fields: Sequence[str],
    rows: Sequence[tuple],
    device_id: str,
    base: int,
) -> int:
    """COPY the rows into a scratch table, then insert the new ones numbered from ``base``."""
    scratch = f"incoming_{table}"
    columns = ", ".join(f"{name} {_TYPES.get(name, 'text')}" for name in fields)
    connection.execute(f"CREATE TEMP TABLE {scratch} (n bigint, {columns}) ON COMMIT DROP")
    with connection.cursor().copy(f"COPY {scratch} (n, {', '.join(fields)}) FROM STDIN") as copy:
        for n, row in enumerate(rows, start=1):
            copy.write_row((n, *row))
    values = ", ".join(f"{name}::jsonb" if name in _JSON else name for name in fields)
    cursor = connection.execute(
        f"INSERT INTO {table} (device_id, seq, {', '.join(fields)})"
        f" SELECT %s, %s + n, {values} FROM {scratch} ON CONFLICT (uid) DO NOTHING",
        (device_id, base),
    )
    return cursor.rowcount


def device_seq(connection: psycopg.Connection, device_id: str) -> int:
    row = connection.execute("SELECT seq FROM devices WHERE id = %s", (device_id,)).fetchone()
    return 0 if row is None else row[0]


def pull(connection: psycopg.Connection, cursors: dict[str, int]) -> Pulled:
    """Every device's records after ``cursors`` (device id → last sequence number held)."""
    pulled = Pulled()
    review_columns = ", ".join(f"{n}::text" if n in _JSON else n for n in REVIEW_FIELDS)
    fact_columns = ", ".join(f"{n}::text" if n in _JSON else n for n in FACT_FIELDS)
    with connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for device, seq in connection.execute("SELECT id, seq FROM devices ORDER BY id"):
            after = cursors.get(device, 0)
            if seq <= after:
                continue
            window = (device, after, seq)
            pulled.reviews += connection.execute(
                f"SELECT device_id, {review_columns} FROM reviews"
                " WHERE device_id = %s AND seq > %s AND seq <= %s ORDER BY seq",
                window,
            ).fetchall()
            pulled.facts += connection.execute(
                f"SELECT device_id, {fact_columns} FROM facts"
                " WHERE device_id = %s AND seq > %s AND seq <= %s ORDER BY seq",
                window,
            ).fetchall()
            pulled.cursors[device] = seq
    return pulled


def server_counts(connection: psycopg.Connection) -> dict[str, int]:
    """How many devices, reviews and facts the server holds (for ``remote status``)."""
    row = connection.execute(
        "SELECT (SELECT count(*) FROM devices), (SELECT count(*) FROM reviews),"
        " (SELECT count(*) FROM facts)"
    ).fetchone()
    return {"devices": row[0], "reviews": row[1], "facts": row[2]}
