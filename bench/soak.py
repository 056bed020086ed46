"""Soak: a year of daily use on a large collection, with an injected clock.

Starts from content files of ``--items`` cards synced by the app, with ``--reviews``
reviews from ``history.fill_reviews``. Then, once per simulated day: the app is opened,
the content synced, and ``--per-day`` reviews made through ``StudyService.rate`` with
lognormal answer times while the day's backup is taken beside them (``backup_if_due`` on
a thread of its own, as the review app does); every
``--edit-every`` days a content file is edited first (a card's answer reworded, a card
added); every ``--optimize-every`` days the FSRS optimisation runs (in a child process,
as the app runs it).
At the start and the end it measures the database size, the first card (the quick read
the TUI starts with), queue and review-write p95 and the process's RSS; none may grow by
more than 20 %, and the log must hold exactly the reviews made.
Prints one JSON object. Usage: python bench/soak.py [--items N] [--reviews N] [--days N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from history import fill_reviews
from measure import latency_summary, timed_ms
from store import write_content

from studyapp.config import AppConfig, Settings
from studyapp.scheduling import Rating
from studyapp.scheduling.quick import quick_review
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import list_backups

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
MAX_GROWTH = 1.20  # allowed end / start ratio of every figure
SAMPLES = 40  # queue reads and review writes timed at each measurement
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Good, Rating.Good, Rating.Easy)


@dataclass
class Clock:
    """The app's clock: the soak moves it, the app reads it."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Soak:
    config: AppConfig
    content: Path
    clock: Clock = field(default_factory=Clock)
    rng: random.Random = field(default_factory=lambda: random.Random(3))
    reviews_made: int = 0
    edits: int = 0
    backups: int = 0
    optimizations: int = 0
    adopted: int = 0  # optimisations whose parameters fit better and were adopted

    def open(self) -> StudyService:
        return StudyService.open(self.config, self.clock, tz=UTC)

    def review(self, service: StudyService, count: int) -> list[float]:
        """Make up to ``count`` reviews of what the queue shows; wall ms of each write."""
        writes = []
        for _ in range(count):
            entry = service.next_item()
            if entry is None:
                break
            elapsed_ms = answer_time_ms(self.rng)
            self.clock.now += timedelta(milliseconds=elapsed_ms)
            rating = self.rng.choice(RATINGS)
            write_ms, _ = timed_ms(service.rate, entry.item.id, rating, elapsed_ms)
            writes.append(write_ms)
            self.reviews_made += 1
        return writes

    def edit_content(self) -> None:
        """Reword one card's answer and add a card, as an author does in a week."""
        self.edits += 1
        files = sorted(self.content.rglob("topic*.md"))
        path = files[self.edits % len(files)]
        text = path.read_text(encoding="utf-8").replace("It is the answer", "It is an answer", 1)
        card_id = f"edit-{self.edits}"
        cards, fence, rest = text.rpartition("```")  # the cards block's closing fence
        added = f"Q: What was added in week {self.edits}? {{#{card_id}}}\nA: Card {card_id}.\n"
        path.write_text(cards + added + fence + rest, encoding="utf-8")

    def day(self, number: int, per_day: int, edit_every: int, optimize_every: int) -> None:
        self.clock.now = START + timedelta(days=number, hours=9)
        if number and number % edit_every == 0:
            self.edit_content()
        with self.open() as service:
            service.sync()
            # The first start of a day takes its backup beside the reviews, as the app does.
            backup = threading.Thread(target=service.backup_if_due)
            backup.start()
            self.review(service, per_day)
            backup.join()
        if number % optimize_every == 0:
            self.optimizations += 1
            self.adopted += optimize(self.config, self.clock.now)
        today = f"{self.clock.now:%Y%m%d}"
        self.backups += any(today in backup.name for backup in list_backups(self.config.backup_dir))

    def measure(self) -> dict:
        """The figures compared at the start and the end of the year."""
        db = self.config.db_path
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        first = [timed_ms(quick_review, self.config, None, self.clock, UTC)[0] for _ in range(9)]
        with self.open() as service:
            queue = [timed_ms(service.next_item)[0] for _ in range(SAMPLES)]
            writes = self.review(service, SAMPLES)
        return {
            "db_mb": round(size / 2**20, 1),
            "first_card_ms": round(sorted(first)[len(first) // 2], 2),
            "queue_p95_ms": latency_summary(queue)["p95_ms"],
            "write_p95_ms": latency_summary(writes)["p95_ms"],
            "rss_mb": round(current_rss_mb(), 1),
        }


def answer_time_ms(rng: random.Random) -> int:
    """Lognormal around 8 s (a recall takes seconds, a slow one a minute), capped at 5 min."""
    return min(300_000, int(rng.lognormvariate(9.0, 0.8)))


def optimize(config: AppConfig, now: datetime) -> bool:
    """The monthly FSRS optimisation, in a child process as the app runs it; whether it
    adopted new parameters."""
    from studyapp.scheduling.fitting.child import run_in_child
    from studyapp.scheduling.fitting.jobs import optimize_database

    rollover = config.settings.rollover_hour
    outcome = run_in_child(
        optimize_database, config.db_path, rollover_hour=rollover, now=now, tz=UTC
    )
    return outcome.adopted


def current_rss_mb() -> float:
    """Resident memory now (not the peak: the year's figure must be able to shrink)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def logged_reviews(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT count(*) FROM reviews WHERE undone_at IS NULL").fetchone()[0]


def build(root: Path, items: int, reviews: int) -> Soak:
    content, home = root / "content", root / "home"
    write_content(content, items)
    home.mkdir()
    config = AppConfig(
        home=home, extra_content_dirs=(content,), include_bundled=False, settings=Settings()
    )
    soak = Soak(config, content)
    with soak.open() as service:
        service.sync()
    with sqlite3.connect(config.db_path) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM items ORDER BY position")]
    fill_reviews(config.db_path, ids, reviews, START)
    return soak


def run(root: Path, args: argparse.Namespace) -> dict:
    soak = build(root, args.items, args.reviews)
    logged_at_start = logged_reviews(soak.config.db_path)
    start = soak.measure()
    started = time.perf_counter()
    for number in range(1, args.days + 1):
        soak.day(number, args.per_day, args.edit_every, args.optimize_every)
        if number % 30 == 0:  # a long run says how far it is (stdout keeps the one JSON)
            print(f"day {number}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    year_s = time.perf_counter() - started
    soak.clock.now = START + timedelta(days=args.days + 1, hours=9)
    end = soak.measure()
    logged = logged_reviews(soak.config.db_path) - logged_at_start
    growth = {key: round(end[key] / start[key], 2) if start[key] else None for key in start}
    return {
        "items": args.items,
        "reviews_at_start": args.reviews,
        "days": args.days,
        "load_average_1m": os.getloadavg()[0],
        "start": start,
        "end": end,
        "growth": growth,
        "max_growth": MAX_GROWTH,
        "within_growth": all(g is None or g <= MAX_GROWTH for g in growth.values()),
        "reviews_made": soak.reviews_made,
        "reviews_logged": logged,
        "log_exact": logged == soak.reviews_made,
        "content_edits": soak.edits,
        "backups_taken": soak.backups,
        "optimizations": soak.optimizations,
        "optimizations_adopted": soak.adopted,
        "year_s": round(year_s, 1),
        "cpu_s": round(time.process_time(), 1),  # the whole run's, the setup's included
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--edit-every", type=int, default=7)
    parser.add_argument("--optimize-every", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp), args)


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
    sys.stdout.write("\n")
