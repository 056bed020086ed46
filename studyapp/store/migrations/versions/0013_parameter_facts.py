"""FSRS parameter adoptions and reverts become facts, so they sync like suspensions.

Each adopted set becomes an adoption fact (key ``parameters``, or ``parameters:<deck>``),
each revert a fact naming the adoption it gave up (``parameters-reverted[:<deck>]``); the
set in force is then read from the
facts (the newest adoption not reverted), and ``fsrs_parameters.reverted_at`` goes.
Adoptions keep their order (by id) through their times. Replays after this revision use
the parameters in force at each review's time, so the next remote sync replays every
reviewed item once.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# As studyapp.store.queries.parameter_sets and studyapp.store.remote.local, frozen here.
FIELDS = (
    "fitted_at",
    "deck_id",
    "parameters",
    "reviews",
    "log_loss_before",
    "log_loss_after",
    "rmse_before",
    "rmse_after",
)
REPLAYED_ALL = "remote_replayed_all"


def upgrade() -> None:
    connection = op.get_bind()
    device = connection.execute(sa.text("SELECT value FROM meta WHERE key = 'device_id'")).scalar()
    rows = connection.execute(
        sa.text(
            f"SELECT {', '.join(FIELDS)}, reverted_at FROM fsrs_parameters"
            " WHERE adopted ORDER BY id"
        )
    ).all()
    facts = []
    last = None
    for row in rows:
        fit = dict(zip(FIELDS, row[:-1], strict=True))
        fit["parameters"] = json.loads(fit["parameters"])
        uid = uuid.uuid4().hex
        scope = "" if fit["deck_id"] is None else f":{fit['deck_id']}"
        adopted_at = fit["fitted_at"] if last is None else max(fit["fitted_at"], last + 1)
        last = adopted_at
        facts.append((uid, f"parameters{scope}", {**fit, "adopted": True}, adopted_at))
        if row[-1] is not None:
            reverted_at = max(row[-1], adopted_at + 1)
            facts.append((uuid.uuid4().hex, f"parameters-reverted{scope}", uid, reverted_at))
    if facts:
        connection.execute(
            sa.text(
                "INSERT INTO facts (uid, key, value, written_at, device_id)"
                " VALUES (:uid, :key, :value, :written_at, :device)"
            ),
            [
                {"uid": u, "key": k, "value": json.dumps(v), "written_at": w, "device": device}
                for u, k, v, w in facts
            ],
        )
    with op.batch_alter_table("fsrs_parameters") as batch:
        batch.drop_column("reverted_at")
    connection.execute(sa.text("DELETE FROM meta WHERE key = :key"), {"key": REPLAYED_ALL})


def downgrade() -> None:
    op.add_column("fsrs_parameters", sa.Column("reverted_at", sa.BigInteger(), nullable=True))
    connection = op.get_bind()
    connection.execute(sa.text("DELETE FROM facts WHERE key LIKE 'parameters%'"))
