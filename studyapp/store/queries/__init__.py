"""Every query the scheduler, the reports and the CLI run, as functions of the store.

Plain DB-API (``sqlite3``) where speed needs it: the first card is read with these before
SQLAlchemy is imported, so nothing in this package imports it at module level except
``items`` (the service's single-item reads and writes) and ``stored_content`` (the
service's view of the stored content).
"""
