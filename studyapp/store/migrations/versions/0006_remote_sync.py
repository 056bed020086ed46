"""Multi-device sync: every review gets a global id and its device; facts join the log.

Adds ``reviews.uid`` (a uuid, unique) and ``reviews.device_id`` (filled for the reviews
already made, with this device's new id kept in ``meta``), the ``facts`` log (undos,
suspensions and scheduling settings, last writer wins) and ``remote_cursors`` (per origin
device, how far this device has pulled). Suspensions made before this revision become
facts, so that replaying an item's reviews keeps them.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-01
"""

import json
import time
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    device_id = connection.execute(
        sa.text("SELECT value FROM meta WHERE key = 'device_id'")
    ).scalar()
    if device_id is None:
        device_id = uuid.uuid4().hex
        connection.execute(
            sa.text("INSERT INTO meta (key, value) VALUES ('device_id', :value)"),
            {"value": device_id},
        )
    # Plain ADD COLUMN (no table copy): a million reviews migrate in seconds.
    op.add_column("reviews", sa.Column("uid", sa.String(), nullable=True))
    op.add_column("reviews", sa.Column("device_id", sa.String(), nullable=True))
    connection.execute(
        sa.text("UPDATE reviews SET uid = lower(hex(randomblob(16))), device_id = :device"),
        {"device": device_id},
    )
    op.create_index("ix_reviews_uid", "reviews", ["uid"], unique=True)
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("uid", sa.String(), nullable=False, unique=True),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("written_at", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
    )
    op.create_index("ix_facts_key", "facts", ["key", "written_at"])
    op.create_table(
        "remote_cursors",
        sa.Column("device_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    now_ms = int(time.time() * 1000)
    flagged = connection.execute(
        sa.text("SELECT id, suspended FROM items WHERE suspended = 1 OR leech = 1")
    ).all()
    if flagged:
        connection.execute(
            sa.text(
                "INSERT INTO facts (uid, key, value, written_at, device_id)"
                " VALUES (:uid, :key, :value, :written_at, :device)"
            ),
            [
                {
                    "uid": uuid.uuid4().hex,
                    "key": f"suspended:{item_id}",
                    "value": json.dumps(bool(suspended)),
                    "written_at": now_ms,
                    "device": device_id,
                }
                for item_id, suspended in flagged
            ],
        )


def downgrade() -> None:
    op.drop_table("remote_cursors")
    op.drop_table("facts")
    op.drop_index("ix_reviews_uid", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("device_id")
        batch.drop_column("uid")
