"""Parse cache: parsed markdown files keyed by path, reused while mtime and size hold.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_files",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=True),
        sa.Column("app_version", sa.String(), nullable=False),
        sa.Column("parsed", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_files")
