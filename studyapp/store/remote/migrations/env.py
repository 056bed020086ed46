"""Alembic environment of the server's schema, a migration line apart from the local one.

Its version table has its own name, so the server's database can never be mistaken for a
local one (or the reverse).
"""

from alembic import context

from studyapp.store.remote.server_schema import VERSION_TABLE

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=None,
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
