"""The one exception the answer parser raises: the input could not be read safely."""

from __future__ import annotations


class InvalidAnswer(ValueError):
    """A message the learner can act on, and the 1-based column it points at (if any)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message
