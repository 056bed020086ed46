"""Review log columns and covering indexes for reports: no JSON parsing per review.

Adds ``stability_before`` and ``mistake`` (derived from ``state_before`` and ``feedback``,
filled here for existing reviews and by ``ReviewRow``'s defaults for new ones) and
replaces the time index by one that also covers the per-day statistics.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The same derivation as studyapp.store.review_facts, frozen here as of this revision.
MISTAKE_SQL = """
    COALESCE(
        json_extract(feedback, '$.mistake'),
        'step ' || json_extract(
            feedback, '$.steps[' || json_extract(feedback, '$.first_wrong_step') || '].status'
        )
    )
"""


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("stability_before", sa.Double(), nullable=True))
        batch.add_column(sa.Column("mistake", sa.String(), nullable=True))
        batch.drop_index("ix_reviews_reviewed_at")
    op.execute(
        "UPDATE reviews SET stability_before = json_extract(state_before, '$.stability'), "
        f"mistake = CASE WHEN feedback IS NOT NULL THEN {MISTAKE_SQL} END"
    )
    op.create_index(
        "ix_reviews_day",
        "reviews",
        ["reviewed_at", "undone_at", "queue", "rating", "elapsed_ms", "item_id"],
    )
    op.create_index(
        "ix_reviews_retention",
        "reviews",
        ["queue", "item_id", "undone_at", "reviewed_at", "stability_before", "rating"],
    )
    op.create_index(
        "ix_reviews_verdicts",
        "reviews",
        ["verdict", "item_id", "mistake", "undone_at", "reviewed_at"],
        sqlite_where=sa.text("verdict IS NOT NULL"),
    )
    op.create_index(
        "ix_reviews_answer_time",
        "reviews",
        ["elapsed_ms", "reviewed_at", "undone_at", "item_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_reviews_answer_time", "reviews")
    op.drop_index("ix_reviews_verdicts", "reviews")
    op.drop_index("ix_reviews_retention", "reviews")
    op.drop_index("ix_reviews_day", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("mistake")
        batch.drop_column("stability_before")
    op.create_index("ix_reviews_reviewed_at", "reviews", ["reviewed_at"])
