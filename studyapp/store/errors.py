"""The one exception the store raises: its message is meant for the user, as is."""


class StoreError(Exception):
    """The database cannot be opened, migrated or restored; the message says what to do."""
