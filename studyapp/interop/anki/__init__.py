"""Anki interop: read ``.apkg``/``.colpkg`` packages, write them back with ``genanki``.

Anki's own Python package is AGPL-3.0 and studyapp is MIT, so nothing here imports it:
packages are read with ``zipfile``, ``zstandard`` and ``sqlite3`` (the Anki file is a
foreign format, so the plain SQL that reads it lives here, not in ``studyapp.store``) and
written with ``genanki`` plus the review log and scheduling it cannot write. The tests use
Anki's package as the independent judge of what Anki reads and writes.
"""
