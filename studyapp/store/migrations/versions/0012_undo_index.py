"""An index for undo: this device's latest review it may take back (not undone, not
imported), found without reading the log. After an Anki import, or a pull of many
reviews from other devices, undo read every one of them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# As studyapp.store.review_write.UNDOABLE, frozen here as of this revision.
UNDOABLE = (
    "undone_at IS NULL AND coalesce(json_extract(state_after, '$.scheduled_with'), '')"
    " != 'imported'"
)


def upgrade() -> None:
    op.create_index("ix_reviews_undo", "reviews", ["device_id", "id"], sqlite_where=sa.text(UNDOABLE))


def downgrade() -> None:
    op.drop_index("ix_reviews_undo", "reviews")
