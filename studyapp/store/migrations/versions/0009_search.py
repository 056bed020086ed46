"""Full-text search: ``item_texts`` and its FTS5 index ``item_search``, filled for the
items already stored; a covering index for browsing items in content order; and the
review log's ``mistake_text`` (the mistake as the learner was told it, derived from the
feedback like ``mistake``), in the verdicts' covering index for the mistakes list.

The rows are built from each item's stored copy; topic titles and Chinese terms are not
stored with items, so the content fingerprint is cleared and the next sync (a full one)
adds them.

Revision ID: 0009
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen as of this revision (studyapp.store.queries.search_index.SEARCH_DDL).
TOKENIZER = "unicode61 remove_diacritics 2"
SEARCH_DDL = (
    (
        "CREATE VIRTUAL TABLE item_search USING fts5(prompt, answer, extra,"
        f" content='item_texts', content_rowid='id', prefix='2 3 4', tokenize='{TOKENIZER}')"
    ),
    (
        "CREATE TRIGGER item_texts_insert AFTER INSERT ON item_texts BEGIN"
        " INSERT INTO item_search(rowid, prompt, answer, extra)"
        " VALUES (new.id, new.prompt, new.answer, new.extra); END"
    ),
    (
        "CREATE TRIGGER item_texts_delete AFTER DELETE ON item_texts BEGIN"
        " INSERT INTO item_search(item_search, rowid, prompt, answer, extra)"
        " VALUES ('delete', old.id, old.prompt, old.answer, old.extra); END"
    ),
    (
        "CREATE TRIGGER item_texts_update AFTER UPDATE ON item_texts BEGIN"
        " INSERT INTO item_search(item_search, rowid, prompt, answer, extra)"
        " VALUES ('delete', old.id, old.prompt, old.answer, old.extra);"
        " INSERT INTO item_search(rowid, prompt, answer, extra)"
        " VALUES (new.id, new.prompt, new.answer, new.extra); END"
    ),
    "INSERT INTO item_search(item_search, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0)')",
)


# As studyapp.store.review_facts.mistake_text, frozen here as of this revision.
MISTAKE_TEXT_SQL = """
    CASE
        WHEN json_extract(feedback, '$.mistake') IS NOT NULL
        THEN coalesce(json_extract(feedback, '$.message'), json_extract(feedback, '$.mistake'))
        ELSE json_extract(
            feedback, '$.steps[' || json_extract(feedback, '$.first_wrong_step') || '].message'
        )
    END
"""


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("mistake_text", sa.String(), nullable=True))
        batch.drop_index("ix_reviews_verdicts")
    op.execute(f"UPDATE reviews SET mistake_text = {MISTAKE_TEXT_SQL} WHERE feedback IS NOT NULL")
    op.create_index(
        "ix_reviews_verdicts",
        "reviews",
        ["verdict", "item_id", "mistake", "undone_at", "reviewed_at", "mistake_text"],
        sqlite_where=sa.text("verdict IS NOT NULL"),
    )
    op.create_table(
        "item_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("doc_key", sa.String(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("extra", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id"),
    )
    op.create_index(
        "ix_items_browse",
        "items",
        ["position", "deck_id", "kind", "state", "suspended", "leech", "due", "retired_at", "id"],
    )
    for statement in SEARCH_DDL:
        op.execute(statement)
    # The documents are built by the app's own code: the stored copies are its objects.
    from studyapp.store.queries.search_index import fill_from_payloads

    fill_from_payloads(op.get_bind().connection.driver_connection)
    op.execute("DELETE FROM meta WHERE key = 'content_fingerprint'")


def downgrade() -> None:
    op.drop_index("ix_reviews_verdicts", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("mistake_text")
    op.create_index(
        "ix_reviews_verdicts",
        "reviews",
        ["verdict", "item_id", "mistake", "undone_at", "reviewed_at"],
        sqlite_where=sa.text("verdict IS NOT NULL"),
    )
    op.execute("DROP TABLE item_search")
    op.drop_table("item_texts")
    op.drop_index("ix_items_browse", "items")
