"""Benchmark: build the HTML and JSON reports over 1M reviews of 100k items.

Prints one JSON object: the inputs' sizes, seconds per report, peak RSS, and the ratio
against a baseline measured in the same run (one plain ``count``/``sum`` pass over the
review log, the least any report over it must do).
Run: ``python bench/report.py [--reviews N] [--items N]``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from studyapp.config import AppConfig, Settings
from studyapp.content.model import Card, CardKind, SourceRef
from studyapp.report import ReportFilter, build_report
from studyapp.report.render import render_html, render_json
from studyapp.store.database import open_database
from studyapp.store.times import to_millis

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY_MS = 86_400_000
DECKS = 10
TOPICS_PER_DECK = 20
HISTORY_DAYS = 730


def generate(db: sqlite3.Connection, n_items: int, n_reviews: int, rng: random.Random) -> None:
    """Items in every state and reviews spread over two years, with raw executemany."""
    now_ms = to_millis(NOW)
    db.executemany(
        "INSERT INTO decks (id, title, position) VALUES (?, ?, ?)",
        [(f"deck{d}", f"Deck {d}", d) for d in range(DECKS)],
    )

    def item_rows():
        for n in range(n_items):
            deck = f"deck{n % DECKS}"
            topic = f"topic{n % TOPICS_PER_DECK}"
            card = Card(
                f"i{n}",
                CardKind.BASIC,
                f"Question {n}",
                "answer",
                deck,
                topic,
                SourceRef(f"{deck}/{topic}.md", n),
            )
            state = rng.choice((0, 1, 2, 2, 2, 3))
            stability = rng.lognormvariate(2.5, 1.2) if state else None
            last = now_ms - rng.randrange(0, 90 * DAY_MS) if state else None
            due = last + int(stability * DAY_MS) if state else None
            lapses = rng.choice((0, 0, 0, 1, 2, 9)) if state else 0
            yield (
                f"i{n}",
                "card",
                deck,
                topic,
                n,
                str(n),
                f"{deck}/{topic}.md",
                n,
                pickle.dumps(card),
                state,
                stability,
                5.0 if state else None,
                due,
                last,
                rng.randrange(1, 30) if state else 0,
                lapses,
                int(lapses >= 8),
                int(lapses >= 8),
            )

    db.executemany(
        "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash, source_path,"
        " source_line, payload, state, stability, difficulty, due, last_review, reps, lapses,"
        " suspended, leech) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        item_rows(),
    )

    def review_rows():
        # The log is append-only, so ids follow time as they do in a real database.
        times = sorted(now_ms - rng.randrange(0, HISTORY_DAYS * DAY_MS) for _ in range(n_reviews))
        queues = ("new", "learning", "review", "review", "review", "review", "relearning")
        # The shape the scheduler stores (studyapp.scheduling.state.snapshot_from_row).
        snapshot = (
            '{"state": 2, "step": null, "stability": %.2f, "difficulty": 5.3, "due": %d, '
            '"last_review": %d, "reps": 7, "lapses": 1, "suspended": false, "leech": false}'
        )
        for n, at in enumerate(times):
            interval = rng.choice((1, 3, 8, 15, 25, 40, 90))
            before = snapshot % (interval * 1.1, at, at - interval * DAY_MS)
            after = snapshot % (interval * 2.2, at + 2 * interval * DAY_MS, at)
            verdict = rng.choice(("correct", "incorrect")) if n % 10 == 0 else None
            feedback = (
                '{"message": "The sign is wrong.", "mistake": "sign", '
                '"interpreted": "-x/2", "expected": "x/2"}'
                if verdict == "incorrect"
                else None
            )
            yield (
                f"i{rng.randrange(n_items)}",
                at,
                rng.choice((1, 3, 3, 3, 3, 4, 2)),
                rng.randrange(1000, 60_000),
                rng.choice(queues),
                verdict,
                feedback,
                before,
                after,
                # What ReviewRow derives from the JSON (studyapp.store.review_facts).
                round(interval * 1.1, 2),
                "sign" if feedback else None,
            )

    db.executemany(
        "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue, verdict,"
        " feedback, state_before, state_after, stability_before, mistake)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        review_rows(),
    )
    db.commit()


def timed(fn):
    """(result, wall seconds, CPU seconds): CPU time stays meaningful on a busy machine."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = AppConfig(home=Path(tmp), include_bundled=False, settings=Settings())
        engine = open_database(config, NOW)
        raw = sqlite3.connect(config.db_path)
        _, generate_s, _cpu = timed(
            lambda: generate(raw, args.items, args.reviews, random.Random(7))
        )
        # The app's log stays short; a million rows still in it would slow every read.
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            baseline = "SELECT count(*), sum(elapsed_ms) FROM reviews"
            driver.execute(baseline).fetchone()  # warm the page cache as the reports find it
            _, baseline_s, baseline_cpu = timed(lambda: driver.execute(baseline).fetchone())

            report, build_s, build_cpu = timed(
                lambda: build_report(connection, config.settings, ReportFilter(), now=NOW, tz=UTC)
            )
        engine.dispose()
    # Both formats render the one computed report: each figure is build + its rendering.
    html, html_render_s, html_render_cpu = timed(lambda: render_html(report))
    data, json_render_s, json_render_cpu = timed(lambda: render_json(report))
    html_s, html_cpu = build_s + html_render_s, build_cpu + html_render_cpu
    json_s, json_cpu = build_s + json_render_s, build_cpu + json_render_cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(
        {
            "reviews": args.reviews,
            "items": args.items,
            "html_s": round(html_s, 3),
            "json_s": round(json_s, 3),
            "html_bytes": len(html.encode()),
            "json_bytes": len(data.encode()),
            "rss_mb": round(rss_mb, 1),
            "build_s": round(build_s, 3),
            "build_cpu_s": round(build_cpu, 3),
            "html_cpu_s": round(html_cpu, 3),
            "json_cpu_s": round(json_cpu, 3),
            "baseline_s": round(baseline_s, 3),
            "baseline_cpu_s": round(baseline_cpu, 3),
            "ratio": round(html_s / baseline_s, 1),
            "cpu_ratio": round(html_cpu / baseline_cpu, 1),
            "generate_s": round(generate_s, 1),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
