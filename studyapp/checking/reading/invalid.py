"""The one exception the answer parser raises: the input could not be read safely."""

from __future__ import annotations


class InvalidAnswer(ValueError):
    """A message the learner can act on, and the 1-based column it points at (if any)."""

    def __init__(self, message: str, column: int | None = None) -> None:
        message = escape_controls(message)
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message


def escape_controls(text: str) -> str:
    """``\\x07`` for a bell and the like: messages quote the learner's input, and a raw
    control or format character would act on the terminal instead of showing."""
    return "".join(_escaped(char) if _invisible(char) else char for char in text)


def _invisible(char: str) -> bool:
    # controls and formats, and unassigned, private-use and separator characters (U+FFFF,
    # U+2028) that a terminal shows as nothing or as a box
    return not char.isprintable()


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
