"""The SQL of syncing with a remote: the PostgreSQL server's schema and queries, and the
local side of a sync (what to push, how pulled records land in SQLite)."""
