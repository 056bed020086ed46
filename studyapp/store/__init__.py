"""The SQLite store: typed models, engine setup, schema migrations, backups, content sync."""

from studyapp.store.errors import StoreError

__all__ = ["StoreError"]
