"""Spaced repetition on top of ``fsrs``: the day, the queue, limits, siblings, leeches, undo.

``StudyService`` (in ``studyapp.scheduling.service``) is the facade the TUI and CLI use.
"""

from fsrs import Rating

__all__ = ["Rating"]
