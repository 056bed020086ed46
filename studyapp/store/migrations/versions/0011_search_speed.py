"""Search as fast as a learner types: prefix indexes for every length up to 8 characters, an
item's deck and kind as tokens of a fourth column (``facets``), and covering indexes led by
the deck and by the kind for listing a filter's items in content order.

The FTS5 table is made anew; its texts are cleared with the content fingerprint, so the
next sync (a full one) writes every item's text with its facets.

Revision ID: 0011
Revises: 0010
Create Date: 2027-01-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# As studyapp.store.models.BROWSE_INDEX_COLUMNS, frozen here as of this revision.
BROWSE_COLUMNS = ("position", "deck_id", "kind", "state", "suspended", "leech", "due")
BROWSE_COLUMNS += ("retired_at", "id")
LED_BY = {"ix_items_browse_deck": "deck_id", "ix_items_browse_kind": "kind"}
TRIGGERS = ("item_texts_insert", "item_texts_delete", "item_texts_update")


def search_ddl(columns: tuple[str, ...], prefixes: str, rank: str) -> list[str]:
    """The FTS5 table over ``item_texts`` and its triggers (as search_index.SEARCH_DDL)."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        (
            f"CREATE VIRTUAL TABLE item_search USING fts5({names}, content='item_texts',"
            f" content_rowid='id', prefix='{prefixes}',"
            " tokenize='unicode61 remove_diacritics 2')"
        ),
        (
            "CREATE TRIGGER item_texts_insert AFTER INSERT ON item_texts BEGIN"
            f" INSERT INTO item_search(rowid, {names}) VALUES (new.id, {new}); END"
        ),
        (
            "CREATE TRIGGER item_texts_delete AFTER DELETE ON item_texts BEGIN"
            f" INSERT INTO item_search(item_search, rowid, {names})"
            f" VALUES ('delete', old.id, {old}); END"
        ),
        (
            "CREATE TRIGGER item_texts_update AFTER UPDATE ON item_texts BEGIN"
            f" INSERT INTO item_search(item_search, rowid, {names})"
            f" VALUES ('delete', old.id, {old});"
            f" INSERT INTO item_search(rowid, {names}) VALUES (new.id, {new}); END"
        ),
        f"INSERT INTO item_search(item_search, rank) VALUES ('rank', '{rank}')",
    ]


def drop_search_index() -> None:
    """Drop the FTS5 table and its triggers, clear the texts and make the next sync full."""
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE item_search")
    op.execute("DELETE FROM item_texts")
    op.execute("DELETE FROM meta WHERE key = 'content_fingerprint'")


def upgrade() -> None:
    drop_search_index()
    op.add_column("item_texts", sa.Column("facets", sa.Text(), server_default="", nullable=False))
    columns = ("prompt", "answer", "extra", "facets")
    for statement in search_ddl(columns, "1 2 3 4 5 6 7 8", "bm25(4.0, 2.0, 1.0, 0.0)"):
        op.execute(statement)
    for name, column in LED_BY.items():
        columns = [column, *(c for c in BROWSE_COLUMNS if c != column)]
        # Partial on a condition only the browser states (store.queries.browse.BROWSING):
        # the queue's queries, which they would also cover, keep their own indexes.
        op.create_index(name, "items", columns, sqlite_where=sa.text("position IS NOT NULL"))


def downgrade() -> None:
    for name in LED_BY:
        op.drop_index(name, "items")
    drop_search_index()
    with op.batch_alter_table("item_texts") as batch:
        batch.drop_column("facets")
    for statement in search_ddl(("prompt", "answer", "extra"), "2 3 4", "bm25(4.0, 2.0, 1.0)"):
        op.execute(statement)
