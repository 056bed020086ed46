"""Benchmark: fit FSRS-6 parameters to 1M reviews of 100k items, as ``studyapp optimize`` does.

A synthetic learner (``fsrs_learner``) whose memory follows known "true" parameters
writes its history into a studyapp database (in a child process, so its memory stays out
of the figures); then this process reads the log into FSRS training items, fits, and
scores the fitted, the default and the true parameters with FSRS's own evaluation.
It times working out and writing (then taking back) every item's memory state with the
fitted parameters. Last, ``studyapp optimize --json`` runs on the database as a learner
runs it, in a fresh interpreter: the end-to-end time a learner waits (start-up, reading
the log, the fit, scoring the parameters in force and the new ones, rewriting the memory
states, recording), its CPU time (with the child process that scores) and peak RSS.
Prints one JSON object: sizes, seconds (wall and CPU) per stage and end to end, peak RSS,
the three log losses and RMSEs, and the ratios of the fit and of the whole command to a
baseline measured in the same run (one evaluation pass of FSRS over every item: the least
a fit can cost).
Run: ``python bench/optimize.py [--items N] [--reviews-per-item N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_learner import TRUE_PARAMETERS, Learner
from measure import timed

from studyapp.config import AppConfig, Settings
from studyapp.scheduling.fitting.memory import rewriting
from studyapp.scheduling.fitting.optimize import fit, score
from studyapp.scheduling.fitting.training import Histories, training_set
from studyapp.store.database import open_database
from studyapp.store.queries.review_history import rated_reviews
from studyapp.store.times import to_millis

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SPAN_DAYS = 365  # items are first seen over the year before NOW
FIT_LIMIT_S = 5.0  # the limit, held by the fit and by the whole command
RSS_LIMIT_MB = 400.0
PAYLOAD_BYTES = 700  # about an item's stored content in the bundled decks


def write_history(db_path: Path, items: int, reviews_per_item: int) -> int:
    """Fill the database with the learner's reviews; returns how many."""
    start_ms = to_millis(NOW) - 3 * SPAN_DAYS * 86_400_000
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.execute("INSERT INTO decks (id, title, position) VALUES ('d', 'Deck', 0)")
        db.executemany(
            "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash,"
            " source_path, source_line, payload) VALUES (?, 'card', 'd', 't', ?, '', 'd.md', ?,"
            f" randomblob({PAYLOAD_BYTES}))",
            ((f"s{n}", n, n) for n in range(items)),
        )
        history = Learner(TRUE_PARAMETERS).history(items, reviews_per_item, start_ms, SPAN_DAYS)
        db.executemany(
            "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue,"
            " state_before, state_after) VALUES (?, ?, ?, 5000, ?, '{}', '{}')",
            history,
        )
        # Reviewed items as the app leaves them (in review, a memory state, a due date), so
        # that adopting a fit rewrites as many memory states as a real collection's.
        db.execute(
            "UPDATE items SET state = 2, stability = 1 + abs(random() % 3000) / 10.0,"
            " difficulty = 1 + abs(random() % 90) / 10.0,"
            " last_review = (SELECT max(reviewed_at) FROM reviews WHERE item_id = items.id),"
            " due = (SELECT max(reviewed_at) FROM reviews WHERE item_id = items.id) + 864000000"
        )
    count = db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return count


def rewrite_memory_states(
    db_path: Path, histories: Histories, parameters: tuple[float, ...]
) -> None:
    """Work out every reviewed item's memory state with ``parameters`` and write it, then
    take the writes back (the command run next makes them for real)."""
    db = sqlite3.connect(db_path, check_same_thread=False)
    try:
        with rewriting(db, None, histories, parameters):
            pass  # not kept
    finally:
        db.rollback()
        db.close()


def run_optimize(home: Path) -> dict:
    """``studyapp optimize --json`` in a fresh interpreter: its output, wall seconds, and
    its own CPU seconds and peak RSS (``wait4``: this child's alone)."""
    command = [sys.executable, "-m", "studyapp", "--home", str(home), "--no-bundled"]
    started = time.perf_counter()
    child = subprocess.Popen([*command, "optimize", "--json"], stdout=subprocess.PIPE, text=True)
    output = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"studyapp optimize failed with status {status}")
    return {
        "outcome": json.loads(output.splitlines()[-1]),
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews-per-item", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = AppConfig(home=Path(tmp), include_bundled=False, settings=Settings())
        open_database(config, NOW).dispose()
        with ProcessPoolExecutor(max_workers=1) as pool:
            reviews, generate_s, _ = timed(
                pool.submit(write_history, config.db_path, args.items, args.reviews_per_item).result
            )
        db = sqlite3.connect(config.db_path)
        training, read_s, read_cpu = timed(
            lambda: training_set(rated_reviews(db), config.settings.rollover_hour, UTC)
        )
        db.close()
        fitted, fit_s, fit_cpu = timed(lambda: fit(training))
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        (default, baseline_s, baseline_cpu) = timed(
            lambda: score(tuple(DEFAULT_PARAMETERS), training)
        )
        fitted_score, true_score = score(fitted, training), score(TRUE_PARAMETERS, training)
        _, memory_s, memory_cpu = timed(
            lambda: rewrite_memory_states(config.db_path, training.histories, fitted)
        )
        command = run_optimize(config.home)
    json.dump(
        {
            "items": args.items,
            "reviews": reviews,
            "training_items": len(training.items),
            "generate_s": round(generate_s, 2),
            "read_s": round(read_s, 3),
            "read_cpu_s": round(read_cpu, 3),
            "fit_s": round(fit_s, 3),
            "fit_cpu_s": round(fit_cpu, 3),
            "memory_states_s": round(memory_s, 3),
            "memory_states_cpu_s": round(memory_cpu, 3),
            "rss_mb": round(rss_mb, 1),
            "optimize_total_s": round(command["seconds"], 3),
            "optimize_total_cpu_s": round(command["cpu_s"], 3),
            "optimize_in_process_s": command["outcome"]["seconds"],
            "optimize_rss_mb": round(command["rss_mb"], 1),
            "optimize_reviews": command["outcome"]["reviews"],
            "optimize_adopted": command["outcome"]["adopted"],
            "optimize_memory_states": command["outcome"]["memory_states"],
            "baseline_evaluate_s": round(baseline_s, 3),
            "baseline_evaluate_cpu_s": round(baseline_cpu, 3),
            "fit_vs_baseline": round(fit_s / baseline_s, 2),
            "optimize_total_vs_baseline": round(command["seconds"] / baseline_s, 2),
            "log_loss": {
                "fitted": round(fitted_score.log_loss, 5),
                "default": round(default.log_loss, 5),
                "true": round(true_score.log_loss, 5),
            },
            "rmse_bins": {
                "fitted": round(fitted_score.rmse, 5),
                "default": round(default.rmse, 5),
                "true": round(true_score.rmse, 5),
            },
            "fitted_parameters": [round(p, 4) for p in fitted],
            "true_parameters": list(TRUE_PARAMETERS),
            "fit_within_limit": fit_s <= FIT_LIMIT_S,
            "optimize_within_limit": command["seconds"] <= FIT_LIMIT_S,
            "rss_within_limit": rss_mb <= RSS_LIMIT_MB,
            "optimize_rss_within_limit": command["rss_mb"] <= RSS_LIMIT_MB,
            "fitted_beats_default": fitted_score.log_loss < default.log_loss,
        },
        fp=sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
