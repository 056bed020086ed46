"""Keeping reviews and progress safe: the review journal, replaying it after a restore,
the day's backup taken in the background, and edited items recognised by the sync."""
