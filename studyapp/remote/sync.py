"""One sync: push this device's new records, pull everyone else's, replay what they touch."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from studyapp.remote.address import Remote
from studyapp.remote.connection import connected, open_connection
from studyapp.remote.errors import RemoteError
from studyapp.scheduling.in_force import SchedulingSettings, effective
from studyapp.scheduling.replay import replay_items
from studyapp.store.facts import SCHEDULING_KEY, latest_fact, record_fact
from studyapp.store.queries import parameter_sets
from studyapp.store.remote import local, server
from studyapp.store.remote.server_schema import NewerServerSchema, ensure_server_schema
from studyapp.store.review_write import large_cache
from studyapp.store.times import to_millis

if TYPE_CHECKING:
    import psycopg

    from studyapp.scheduling.service import StudyService

# Records per push transaction: a cut connection loses at most one batch's transfer.
PUSH_BATCH = 20_000


@dataclass(frozen=True)
class SyncOutcome:
    pushed: int  # records (reviews, undos, suspensions, settings) the server did not have
    pulled: int  # records from other devices this device did not have
    items_replayed: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    def describe(self) -> str:
        return (
            f"synced: {self.pushed} sent, {self.pulled} received, "
            f"{self.items_replayed} items rescheduled"
        )


def sync(service: StudyService, remote: Remote) -> SyncOutcome:
    """Push then pull; raises RemoteError (one line, password masked) if it cannot finish.

    Whatever part completed stays done: a push commits in batches and records how far it
    got only once the server has committed, and a pull lands records and cursors in one
    local transaction, so a sync cut anywhere is finished by the next one.
    """
    with connected(remote, "the sync") as connection:
        try:
            ensure_server_schema(connection, lambda: open_connection(remote, autocommit=False))
        except NewerServerSchema as exc:
            raise RemoteError(
                f"the remote's schema (revision {exc}) was written by a newer studyapp; "
                "upgrade studyapp on this device"
            ) from None
        pushed = _push(service, connection)
        pulled, replayed = _pull(service, connection)
    outcome = SyncOutcome(pushed, pulled, replayed)
    with service.write_transaction() as db:
        stamp = {"at": datetime.now(UTC).isoformat(timespec="seconds"), **outcome.to_json()}
        local.write_meta(db, local.LAST_SYNC, json.dumps(stamp))
    return outcome


def status(service: StudyService, remote: Remote) -> dict[str, Any]:
    """What ``remote status`` shows; the server part is None when it cannot be reached."""
    device = service.device_id()
    with service.write_transaction() as db:
        waiting = local.count_unpushed(db, device)
        last = local.read_meta(db, local.LAST_SYNC)
    try:
        with connected(remote, "reading the status") as connection:
            ensure_server_schema(connection, lambda: open_connection(remote, autocommit=False))
            counts: dict[str, Any] | str = server.server_counts(connection)
    except RemoteError as exc:
        counts = str(exc)
    return {
        "remote": remote.masked,
        "from": remote.source,
        "device": device,
        "not_pushed": waiting,
        "last_sync": json.loads(last) if last else None,
        "server": counts,
    }


def _push(service: StudyService, connection: psycopg.Connection) -> int:
    device = service.device_id()
    _record_settings(service, device)
    inserted = 0
    while True:
        with service.write_transaction() as db:
            reviews, facts, reached = local.unpushed(
                db, device, local.pushed_upto(db), PUSH_BATCH
            )
        if not reviews and not facts:
            return inserted
        pushed = server.push(connection, device, reviews, facts)
        inserted += pushed.inserted
        with service.write_transaction() as db:
            done = local.pushed_upto(db)  # another sync of this device may have gone further
            local.mark_pushed(db, (max(done[0], reached[0]), max(done[1], reached[1])))
            # This device held everything of its own up to seq_before: then it holds all of
            # it up to seq_after now (after a restored backup it does not, and pulls it).
            if local.read_cursors(db).get(device, 0) == pushed.seq_before:
                local.write_cursors(db, {device: pushed.seq_after})


def _record_settings(service: StudyService, device: str) -> None:
    """Record this device's scheduling settings as a fact when they are the newest choice."""
    with service.write_transaction() as db:
        latest = latest_fact(db, SCHEDULING_KEY)
        settings, written_at = effective(service.config, latest)
        if latest is None or (
            written_at > latest[1] and settings != SchedulingSettings.from_json(latest[0])
        ):
            record_fact(db, SCHEDULING_KEY, settings.to_json(), written_at, device)


def _pull(service: StudyService, connection: psycopg.Connection) -> tuple[int, int]:
    with service.write_transaction() as db:
        cursors = local.read_cursors(db)
    pulled = server.pull(connection, cursors)
    # One transaction lands and replays a whole history on a first pull: a large cache
    # keeps its changed pages in memory until the commit.
    with service.write_transaction() as db, large_cache(db):
        settings_before = service.timeline(db).changes()
        landed = local.land(db, pulled.reviews, pulled.facts, to_millis(datetime.now(UTC)))
        held = local.read_cursors(db)
        local.write_cursors(
            db, {d: max(seq, held.get(d, 0)) for d, seq in pulled.cursors.items()}
        )
        targets = landed.items
        # Every reviewed item when the settings in force changed somewhere in time, or the
        # parameters (adopted here or elsewhere: the memory states they make of every
        # item's history, see replay), and once at first: reviews made before syncing had
        # unseeded fuzz, and the other devices replay them; from then on both sides
        # compute the same. Reviews whose recorded snapshots still hold cost a comparison,
        # not a rating (see replay).
        settings_changed = service.timeline(db).changes() != settings_before
        parameters_changed = _parameters_changed(db)
        if (
            settings_changed
            or parameters_changed
            or local.read_meta(db, local.REPLAYED_ALL) is None
        ):
            targets = local.reviewed_items(db)
            local.write_meta(db, local.REPLAYED_ALL, "1")
        latest = latest_fact(db, SCHEDULING_KEY)
        service.use_scheduling(effective(service.config, latest)[0])
        replayed = replay_items(db, targets, service.timeline(db)) if targets else 0
    return landed.records, replayed


def _parameters_changed(db: sqlite3.Connection) -> bool:
    """Whether a parameter set was adopted or given up (here or elsewhere) since the last
    replay of every item here."""
    done = int(local.read_meta(db, local.REPLAYED_PARAMETERS) or 0)
    last = parameter_sets.last_change(db)
    if last is None or last <= done:
        return False
    local.write_meta(db, local.REPLAYED_PARAMETERS, str(last))
    return True
