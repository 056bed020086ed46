"""Devices for the remote tests: each one a data directory over the same content folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.config import AppConfig, Settings
from studyapp.remote.address import Remote
from studyapp.remote.sync import SyncOutcome, sync
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.review_write import STATE_COLUMNS

LEARNER = "learner"
PASSWORD = "s3cret-Pass"
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CARD_IDS = [f"c{n}" for n in range(12)]


def write_deck(root: Path, card_ids: list[str] = CARD_IDS) -> Path:
    folder = root / "deck"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.md").write_text("```deck\nid: d\ntitle: Deck\n```\n", encoding="utf-8")
    cards = "\n".join(f"Q: question {c}? {{#{c}}}\nA: answer {c}" for c in card_ids)
    (folder / "t.md").write_text(
        f"```topic\nid: t\ntitle: Topic\n```\n\n```cards\n{cards}\n```\n", encoding="utf-8"
    )
    return root


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Device:
    """One machine: its own home and clock; ``service`` is opened on first use."""

    home: Path
    content: Path
    clock: Clock = field(default_factory=Clock)
    settings: Settings = field(default_factory=lambda: Settings(new_per_day=1000))
    _service: StudyService | None = None

    @property
    def config(self) -> AppConfig:
        return AppConfig(
            home=self.home,
            extra_content_dirs=(self.content,),
            include_bundled=False,
            settings=self.settings,
        )

    @property
    def service(self) -> StudyService:
        if self._service is None:
            self.home.mkdir(parents=True, exist_ok=True)
            self._service = StudyService.open(self.config, self.clock)
            self._service.sync()
        return self._service

    def rate(self, item_id: str, rating: Rating, minutes_later: float = 1) -> None:
        self.clock.advance(minutes=minutes_later)
        self.service.rate(item_id, rating, 1000)

    def sync(self, url: str) -> SyncOutcome:
        return sync(self.service, Remote(url, "test"))

    def states(self) -> dict[str, tuple]:
        """Every item's scheduling columns, as the queue reads them."""
        with self.service.write_transaction() as db:
            rows = db.execute(f"SELECT id, {', '.join(STATE_COLUMNS)} FROM items ORDER BY id")
            return {row[0]: row[1:] for row in rows}

    def log(self) -> dict[str, tuple]:
        """The review log by uid: item, time, rating, and whether it was undone."""
        with self.service.write_transaction() as db:
            rows = db.execute(
                "SELECT uid, item_id, reviewed_at, rating, undone_at IS NOT NULL FROM reviews"
            )
            return {row[0]: row[1:] for row in rows}

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None


class CuttingProxy:
    """A TCP port in front of the server's unix socket that cuts the connection (both
    ways, abruptly) once the client has sent ``cut_after`` bytes: a network gone mid-push."""

    def __init__(self, socket_path: str, cut_after: int) -> None:
        import socket
        import threading

        self._socket_path = socket_path
        self.cut_after = cut_after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cuts = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, database: str) -> str:
        return f"postgresql://{LEARNER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def _serve(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self._socket_path)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source, target, counted: bool) -> None:  # type: ignore[no-untyped-def]
        import socket

        sent = 0
        try:
            while data := source.recv(65536):
                if counted and sent + len(data) > self.cut_after:
                    self.cuts += 1
                    for end in (source, target):
                        end.shutdown(socket.SHUT_RDWR)
                    return
                target.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                end.close()

    def close(self) -> None:
        self.listener.close()
