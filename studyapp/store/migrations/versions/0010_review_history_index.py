"""The review log's per-item index also holds each review's undo mark, queue and rating.

The FSRS optimiser reads every rated review item by item in time order
(``store.queries.review_history``): with these columns in the index it reads a million
reviews from the index alone, in its order, without touching the rows (their JSON) or
sorting. The index keeps its name, so every query that used it still does.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07
"""

from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

# As in studyapp.store.models.ReviewRow, frozen here as of this revision.
HISTORY_COLUMNS = ["item_id", "reviewed_at", "undone_at", "queue", "rating"]


def upgrade() -> None:
    op.drop_index("ix_reviews_item_time", "reviews")
    op.create_index("ix_reviews_item_time", "reviews", HISTORY_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_reviews_item_time", "reviews")
    op.create_index("ix_reviews_item_time", "reviews", ["item_id", "reviewed_at"])
