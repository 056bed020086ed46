"""The server's log: devices with their sequence, reviews and facts numbered per device.

Every record a device pushes gets the next number of that device's sequence, assigned
while the device's row is locked, so for each device the records become visible in
number order and a puller's per-device cursor never skips one.

Revision ID: s0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("first_push", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("last_push", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "reviews",
        sa.Column("uid", sa.Text(), primary_key=True),
        sa.Column("device_id", sa.Text(), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.BigInteger(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.Column("queue", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text()),
        sa.Column("verdict", sa.Text()),
        sa.Column("feedback", JSONB()),
        sa.Column("params", JSONB()),
        sa.Column("state_before", JSONB(), nullable=False),
        sa.Column("state_after", JSONB(), nullable=False),
    )
    op.create_index("ix_reviews_device_seq", "reviews", ["device_id", "seq"])
    op.create_table(
        "facts",
        sa.Column("uid", sa.Text(), primary_key=True),
        sa.Column("device_id", sa.Text(), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", JSONB()),
        sa.Column("written_at", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_facts_device_seq", "facts", ["device_id", "seq"])


def downgrade() -> None:
    op.drop_table("facts")
    op.drop_table("reviews")
    op.drop_table("devices")
