"""The topic's title kept with each item, so a report run without the content folder an
item came from (``--content DIR`` once) still names its topic.

The titles come from the content, so the next sync writes them: the stored content
fingerprint is dropped to make that sync a full one.

Revision ID: 0007
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("topic_title", sa.String(), nullable=True))
    op.execute("DELETE FROM meta WHERE key = 'content_fingerprint'")


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("topic_title")
