"""Store benchmark: sync 10k cards; queue and review writes over 100k items / 1M reviews.

Prints one JSON object. Baselines measured in the same run: parsing the same content
without the store (for sync); for review writes, a raw sqlite3 insert+commit on the
same disk with the same pragmas, once per durability setting (``normal``, the default,
and ``full``); for the day's backup (``backup_s``, run in the background by the app), a
page copy through SQLite's backup API, and review writes while that backup runs. Wall times are followed by CPU times where the machine may be shared.
Usage: python bench/store.py [--cards 10000] [--items 100000] [--reviews 1000000]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from history import fill_history

from studyapp.config import AppConfig, Settings
from studyapp.content.loader import load_content
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import copy_database
from studyapp.store.safekeeping.daily_backup import DailyBackup

DECKS = 10
CARDS_PER_FILE = 100


def write_content(root: Path, cards: int) -> None:
    for file_index in range(cards // CARDS_PER_FILE):
        deck = f"deck{file_index % DECKS}"
        folder = root / deck
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "deck.md").exists():
            (folder / "deck.md").write_text(f"```deck\nid: {deck}\ntitle: Deck {deck}\n```\n")
        lines = [f"```topic\nid: t{file_index}\ntitle: Topic {file_index}\n```\n", "```cards"]
        for n in range(CARDS_PER_FILE):
            card_id = f"c{file_index}-{n}"
            lines.append(
                f"Q: What is item {card_id}, in a sentence of usual length? {{#{card_id}}}"
            )
            lines.append(f"A: It is the answer for {card_id}, with some unicode: α·β ≈ 0.368.")
        lines.append("```\n")
        (folder / f"topic{file_index}.md").write_text("\n".join(lines), encoding="utf-8")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds of this process: on a loaded machine wall time also counts other work."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def bench_sync(cards: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        write_content(content, cards)
        home = Path(tmp) / "home"
        home.mkdir()
        config = AppConfig(home=home, extra_content_dirs=(content,), include_bundled=False)
        parse_only_s = timed(lambda: load_content([content]))
        with StudyService.open(config) as service:
            start_cpu = time.process_time()
            cold_s = timed(service.sync)
            cold_cpu_s = time.process_time() - start_cpu
            unchanged_s = min(timed(service.sync) for _ in range(3))
            unchanged_cpu_s = min(cpu_timed(service.sync) for _ in range(3))
            count = len(service.content.items())
    return {
        "cards": count,
        "sync_cold_s": round(cold_s, 3),
        "sync_cold_cpu_s": round(cold_cpu_s, 3),
        "sync_unchanged_s": round(unchanged_s, 3),
        "sync_unchanged_cpu_s": round(unchanged_cpu_s, 3),
        "parse_only_s": round(parse_only_s, 3),
        "sync_cold_ratio": round(cold_s / parse_only_s, 2),
    }


def baseline_insert_ms(db_path: Path, durability: str, samples: int) -> list[float]:
    """A raw sqlite3 insert + commit of one review-sized row, same pragmas as the store."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"PRAGMA synchronous = {durability.upper()}")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS log (id INTEGER PRIMARY KEY, item TEXT, body TEXT)"
    )
    durations = []
    for n in range(samples):
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO log (item, body) VALUES (?, ?)", (f"i{n}", "x" * 400))
        connection.execute("COMMIT")
        durations.append((time.perf_counter() - start) * 1000)
    connection.close()
    return durations


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def rate_ms(config: AppConfig, reviewed: list[str], writes: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each ``rate`` on random reviewed items.

    CPU time is what the review itself costs; on a shared machine the wall time's tail is
    mostly waiting for a core, more often the more CPU a call needs.
    """
    rng = random.Random(11)
    wall, cpu = [], []
    with StudyService.open(config) as service:
        for _ in range(writes):
            rate = partial(service.rate, rng.choice(reviewed), Rating.Good, 3000)
            start_cpu = time.thread_time()
            wall.append(timed(rate) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def write_figures(
    prefix: str, write_ms: list[float], cpu_ms: list[float], baseline_ms: list[float]
) -> dict:
    return {
        f"{prefix}_p50_ms": round(statistics.median(write_ms), 2),
        f"{prefix}_p95_ms": round(p95(write_ms), 2),
        f"{prefix}_max_ms": round(max(write_ms), 2),
        f"{prefix}_cpu_p50_ms": round(statistics.median(cpu_ms), 2),
        f"{prefix}_cpu_p95_ms": round(p95(cpu_ms), 2),
        f"{prefix}_baseline_p95_ms": round(p95(baseline_ms), 2),
        f"{prefix}_ratio": round(p95(write_ms) / p95(baseline_ms), 2),
    }


def bench_backup(
    config: AppConfig, tmp: Path, reviewed: list[str], writes: int, now: datetime
) -> dict:
    """The day's backup (VACUUM INTO, what the app runs in the background) against a page
    copy through the backup API (what opening the store did before), and review writes
    while the day's backup runs beside them."""
    daily = DailyBackup(config.db_path, tmp / "daily", keep=1)
    backup_s = timed(lambda: daily.run(now))
    page_copy_s = timed(lambda: copy_database(config.db_path, tmp / "page-copy.sqlite3"))
    size_mb = config.db_path.stat().st_size / 1024**2
    shutil.rmtree(tmp / "daily")
    (tmp / "page-copy.sqlite3").unlink()
    beside_backup = DailyBackup(config.db_path, tmp / "beside", 1)
    beside = threading.Thread(target=beside_backup.run, args=(now,))
    beside.start()
    during_ms, _ = rate_ms(config, reviewed, writes // 4)
    beside.join()
    shutil.rmtree(tmp / "beside")
    return {
        "database_mb": round(size_mb, 1),
        "backup_s": round(backup_s, 2),
        "backup_page_copy_baseline_s": round(page_copy_s, 2),
        "review_write_during_backup_p95_ms": round(p95(during_ms), 2),
    }


def bench_queue_and_writes(items: int, reviews: int, writes: int) -> dict:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        config = AppConfig(home=home, include_bundled=False)
        StudyService.open(config).close()  # creates the schema
        start = time.perf_counter()
        reviewed = fill_history(config.db_path, items, reviews, now)
        fill_s = time.perf_counter() - start
        with StudyService.open(config) as service:
            service.next_item()  # warm the page cache once, as the TUI's first card does
            queue_ms = [timed(service.next_item) * 1000 for _ in range(20)]
            queue_cpu_ms = [cpu_timed(service.next_item) * 1000 for _ in range(20)]
            remaining_ms = [timed(service.remaining) * 1000 for _ in range(10)]
            summaries_ms = [timed(service.deck_summaries) * 1000 for _ in range(5)]
        figures = bench_backup(config, Path(tmp), reviewed, writes, now)
        # The fill and the backups leave about a gigabyte to be written out; that writeback
        # would otherwise be measured as the reviews' latency.
        os.sync()
        for durability, prefix in (("normal", "review_write"), ("full", "review_write_full")):
            durable = dataclasses.replace(config, settings=Settings(durability=durability))
            write_ms, cpu_ms = rate_ms(durable, reviewed, writes)
            baseline = baseline_insert_ms(
                Path(tmp) / f"baseline-{durability}.sqlite3", durability, writes
            )
            figures.update(write_figures(prefix, write_ms, cpu_ms, baseline))
    return {
        "items": items,
        "reviews": reviews,
        "fill_s": round(fill_s, 2),
        "queue_ms": round(statistics.median(queue_ms), 2),
        "queue_cpu_ms": round(statistics.median(queue_cpu_ms), 2),
        "remaining_ms": round(statistics.median(remaining_ms), 2),
        "deck_summaries_ms": round(statistics.median(summaries_ms), 2),
        "review_writes": writes,
        **figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    result = {
        "load_average_1m": os.getloadavg()[0],  # other work on the machine inflates wall times
        **bench_sync(args.cards),
        **bench_queue_and_writes(args.items, args.reviews, args.writes),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
