"""Connecting to the remote: the optional driver, and errors turned into one masked line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from studyapp.remote.address import Remote
from studyapp.remote.errors import RemoteError

if TYPE_CHECKING:
    import psycopg

INSTALL_LINE = "pip install 'studyapp[postgres]'"
CONNECT_TIMEOUT_S = 10


def require_driver():  # type: ignore[no-untyped-def]  # the psycopg module
    try:
        import psycopg
    except ImportError:
        raise RemoteError(
            f"the remote needs the PostgreSQL driver (psycopg 3); install it with: {INSTALL_LINE}"
        ) from None
    return psycopg


def open_connection(remote: Remote, autocommit: bool = True) -> psycopg.Connection:
    psycopg = require_driver()
    return psycopg.connect(remote.url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S)


@contextmanager
def connected(remote: Remote, doing: str) -> Iterator[psycopg.Connection]:
    """A connection to ``remote``; any failure on it becomes a RemoteError saying ``doing``.

    The original exception is dropped (``from None``): its text and traceback may hold the
    URL, so only the scrubbed first line of its message goes on.
    """
    psycopg = require_driver()
    try:
        connection = open_connection(remote)
    except psycopg.Error as exc:
        raise RemoteError(
            f"cannot connect to the remote {remote.masked}: {reason(exc, remote)}"
        ) from None
    try:
        with connection:
            yield connection
    except (psycopg.Error, OSError) as exc:
        raise RemoteError(
            f"{doing} with {remote.masked} stopped: {reason(exc, remote)}. Nothing was lost; "
            "the next sync finishes the work."
        ) from None


def reason(exc: BaseException, remote: Remote) -> str:
    """The gist of a driver error on one line, password masked."""
    text = str(exc).strip() or type(exc).__name__
    # libpq repeats "connection to server ... failed:" before the reason that matters.
    text = re.sub(r'connection to server (at|on socket) "[^"]*"(, port \d+)? failed: ', "", text)
    text = re.sub(r"^connection failed: ", "", text)
    return remote.scrub(" ".join(text.split()))
