"""Covering indexes on items for reports: no report reads the wide item rows (payloads).

Retention and verdicts look up each reviewed item's deck and kind by id; the mastery
tallies and the weakest items read every item's scheduling columns, which the second
index holds in (topic, deck) order so the tallies group without sorting. A weak item's
payload is then read only for the few items listed.

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# As studyapp.store.models.MASTERY_INDEX_COLUMNS, frozen here as of this revision.
MASTERY_COLUMNS = [
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
    "retired_at",
]


def upgrade() -> None:
    op.create_index("ix_items_id_deck_kind", "items", ["id", "deck_id", "kind"])
    op.create_index(
        "ix_items_mastery", "items", MASTERY_COLUMNS, sqlite_where=sa.text("retired_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_items_mastery", "items")
    op.drop_index("ix_items_id_deck_kind", "items")
