"""Every query the scheduler, the reports and the CLI run, as functions of the store.

Plain DB-API (``sqlite3``): the first card is read with these before SQLAlchemy is
imported, and the study service runs on them without ever importing it, so none imports
it at module level (the reports' queries name the models' indexes, and import them: a
report has SQLAlchemy loaded anyway).
"""
