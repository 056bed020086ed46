"""Where the remote is: a ``postgresql://`` URL from ``STUDYAPP_REMOTE`` or the data directory.

The URL holds a password, so the file is written readable by its owner only (0600), and
every message shows the URL with the password masked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from studyapp.remote.errors import RemoteError

REMOTE_ENV = "STUDYAPP_REMOTE"
REMOTE_FILENAME = "remote.url"
SCHEMES = ("postgresql", "postgres")
MASK = "***"


@dataclass(frozen=True)
class Remote:
    url: str
    source: str  # where it was found, for ``remote status``

    @property
    def masked(self) -> str:
        return mask_url(self.url)

    def scrub(self, text: str) -> str:
        """``text`` with this remote's password replaced by ***, however it was spelled."""
        return scrub(text, self.url)


def validate(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise RemoteError(f"not a valid URL: {mask_url(url)}") from exc
    if parts.scheme not in SCHEMES:
        raise RemoteError(
            "the remote must be a PostgreSQL URL such as "
            "postgresql://user:password@host/db, not " + mask_url(url)
        )
    return url


def save_remote(home: Path, url: str) -> Path:
    """Store ``url`` in the data directory, readable by its owner only."""
    path = home / REMOTE_FILENAME
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through os.open
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(validate(url) + "\n")
    return path


def configured_remote(home: Path) -> Remote | None:
    """The remote in force: ``STUDYAPP_REMOTE`` first, then the data directory's file."""
    from_env = os.environ.get(REMOTE_ENV, "").strip()
    if from_env:
        return Remote(validate(from_env), f"${REMOTE_ENV}")
    path = home / REMOTE_FILENAME
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RemoteError(f"cannot read {path}: {exc.strerror}") from None
    return Remote(validate(stored), str(path)) if stored else None


def mask_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return MASK
    if password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def scrub(text: str, url: str) -> str:
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for spelling in {password, unquote(password or "")} - {None, ""}:
        text = text.replace(spelling, MASK)
    return text
