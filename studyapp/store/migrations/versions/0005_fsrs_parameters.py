"""FSRS parameter sets fitted to the learner's review log (``studyapp optimize``).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fsrs_parameters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("fitted_at", sa.BigInteger(), nullable=False),
        sa.Column("deck_id", sa.String(), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("log_loss_before", sa.Double(), nullable=False),
        sa.Column("log_loss_after", sa.Double(), nullable=False),
        sa.Column("rmse_before", sa.Double(), nullable=False),
        sa.Column("rmse_after", sa.Double(), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("reverted_at", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_fsrs_parameters_deck", "fsrs_parameters", ["deck_id", "adopted", "id"])


def downgrade() -> None:
    op.drop_index("ix_fsrs_parameters_deck", "fsrs_parameters")
    op.drop_table("fsrs_parameters")
