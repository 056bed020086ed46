"""Just enough of the protobuf wire format to read Anki's small metadata messages.

Anki keeps a package's version, its media list and a note type's kind in protobuf
messages; three fields of three messages do not justify a protobuf dependency.
"""

from __future__ import annotations

from collections.abc import Iterator

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs: an int for varints, bytes for everything else."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == _VARINT:
            value, position = _varint(data, position)
            yield number, value
            continue
        if wire_type == _BYTES:
            length, position = _varint(data, position)
        elif wire_type in (_FIXED64, _FIXED32):
            length = 8 if wire_type == _FIXED64 else 4
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
        end = position + length
        if end > len(data):
            raise ValueError("truncated field")
        yield number, data[position:end]
        position = end


def first_int(data: bytes, number: int, default: int = 0) -> int:
    """The last value of a varint field (protobuf's rule for repeated scalars), or default."""
    found = default
    for field_number, value in fields(data):
        if field_number == number and isinstance(value, int):
            found = value
    return found
