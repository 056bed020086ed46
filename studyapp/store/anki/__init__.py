"""The SQL spoken to Anki's own collection file (the SQLite database inside a package).

``collection_read`` reads the rows of a collection an import opens; ``collection_write``
adds scheduling and the review log to the collection genanki builds for an export. What
the rows mean is the business of ``studyapp.interop.anki``.
"""
