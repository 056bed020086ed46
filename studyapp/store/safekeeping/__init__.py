"""Keeping reviews safe beyond the database file: the review journal, replaying it after a
restore, and the day's backup taken in the background."""
