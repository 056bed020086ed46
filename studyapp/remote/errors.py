"""What a failed sync raises."""

from __future__ import annotations


class RemoteError(Exception):
    """A sync that could not be done, with a one-line message that never holds a password."""
