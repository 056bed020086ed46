"""Open an Anki package: the zip, its version, the collection inside and the media list.

Three generations of packages exist (see Anki's ``import_export/package/meta.rs``):
``collection.anki2`` and ``collection.anki21`` with a JSON media map ``{"0": "a.png"}``
(no ``meta`` file, or ``meta`` version 1 or 2), and the current ``collection.anki21b``
(``meta`` version 3): the collection and every media file zstd-compressed, the media list
a zstd-compressed protobuf ``MediaEntries``. A version Anki itself would not know is
refused as a newer format.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import zstandard

from studyapp.interop.anki import protobuf

LEGACY_1, LEGACY_2, LATEST = 1, 2, 3
COLLECTION_FILES = {
    LEGACY_1: "collection.anki2",
    LEGACY_2: "collection.anki21",
    LATEST: "collection.anki21b",
}


class AnkiPackageError(Exception):
    """The file cannot be imported; the message names it and says why, on one line."""


@dataclass
class AnkiPackage:
    """A package opened for reading; ``media`` maps each file name to its zip member."""

    path: Path
    version: int
    collection: bytes  # the SQLite file, decompressed
    media: dict[str, str] = field(default_factory=dict)
    _zip: zipfile.ZipFile | None = None

    def read_media(self, name: str) -> bytes:
        member = self.media[name]
        try:
            assert self._zip is not None
            data = self._zip.read(member)
            return _decompress(data) if self.version == LATEST else data
        except (zipfile.BadZipFile, zlib.error, zstandard.ZstdError, OSError, EOFError) as exc:
            raise self.error(f"media file {name!r} is corrupt ({exc})") from exc

    def error(self, reason: str) -> AnkiPackageError:
        return AnkiPackageError(f"{self.path}: {reason}")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def open_package(path: Path) -> AnkiPackage:
    """Open and check ``path``; raises AnkiPackageError for anything that is not a readable
    Anki package (not a zip, truncated, no collection, a newer format)."""

    def error(reason: str) -> AnkiPackageError:
        return AnkiPackageError(f"{path}: {reason}")

    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise error("no such file") from None
    except IsADirectoryError:
        raise error("is a folder, not an Anki package") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise error(f"not an Anki package (not a readable zip archive: {exc})") from None
    try:
        names = set(archive.namelist())
        version = _version(archive, names, error)
        member = COLLECTION_FILES[version]
        if member not in names:
            raise error(f"not an Anki package (no {member} inside)")
        raw = archive.read(member)
        collection = _decompress(raw) if version == LATEST else raw
        media = _media_map(archive, names, version, error)
    except AnkiPackageError:
        archive.close()
        raise
    except (zipfile.BadZipFile, zlib.error, zstandard.ZstdError, OSError, EOFError) as exc:
        archive.close()
        raise error(f"the package is corrupt or truncated ({exc})") from None
    if not collection.startswith(b"SQLite format 3\x00"):
        archive.close()
        raise error("the package is corrupt (its collection is not an SQLite database)")
    return AnkiPackage(path, version, collection, media, archive)


def _version(archive: zipfile.ZipFile, names: set[str], error) -> int:  # type: ignore[no-untyped-def]
    if "meta" in names:
        try:
            version = protobuf.first_int(archive.read("meta"), 1)
        except ValueError as exc:
            raise error(f"the package is corrupt (unreadable meta: {exc})") from None
        if version not in COLLECTION_FILES:
            raise error(
                f"written in a newer Anki package format (version {version}) that studyapp "
                "does not know; export it from Anki with 'Support older Anki versions' ticked"
            )
        return version
    if "collection.anki21" in names:
        return LEGACY_2
    if "collection.anki2" in names:
        return LEGACY_1
    raise error("not an Anki package (no Anki collection inside the zip)")


def _media_map(archive: zipfile.ZipFile, names: set[str], version: int, error) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if "media" not in names:  # older AnkiDroid packages have no media list
        return {}
    data = archive.read("media")
    pairs: list[tuple[str, str]]
    try:
        if version == LATEST:
            pairs = [
                (_entry_name(entry), str(index))
                for index, entry in enumerate(
                    value for number, value in protobuf.fields(_decompress(data)) if number == 1
                )
            ]
        else:
            listing = json.loads(data.decode("utf-8") or "{}")
            pairs = [(str(name), str(member)) for member, name in listing.items()]
    except (ValueError, TypeError, AttributeError) as exc:
        raise error(f"the package is corrupt (unreadable media list: {exc})") from None
    media = {}
    for name, member in pairs:
        if not _safe_name(name):
            raise error(f"the package is corrupt (unsafe media file name {name!r})")
        if member in names:
            media[name] = member
    return media


def _entry_name(entry: int | bytes) -> str:
    if not isinstance(entry, bytes):
        raise TypeError("a media entry is not a message")
    for number, value in protobuf.fields(entry):
        if number == 1 and isinstance(value, bytes):
            return value.decode("utf-8")
    raise ValueError("a media entry has no name")


def _safe_name(name: str) -> bool:
    """A plain file name: no folders, no parent references, nothing hidden (as Anki checks)."""
    return (
        bool(name)
        and PurePosixPath(name).name == name
        and "\\" not in name
        and not name.startswith(".")
        and "\x00" not in name
    )


def _decompress(data: bytes) -> bytes:
    """A whole zstd frame; its size is often not in its header, so it is streamed."""
    stream = zstandard.ZstdDecompressor().decompressobj()
    result = stream.decompress(data)
    if not stream.eof:
        raise zstandard.ZstdError("the compressed data ends early")
    return result
