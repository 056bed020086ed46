"""The schema revision this version of studyapp reads and writes.

Kept apart from ``schema`` (which imports SQLAlchemy) so the fast start-up path can tell
whether a database is readable as it is. A test checks it against the newest migration.
"""

HEAD_REVISION = "0013"
