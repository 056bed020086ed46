"""Start-up benchmark: time from a fresh process to the first card on screen.

Generates cards and reviews in a temp home (by default two sizes: 5,000 cards with 50,000
reviews, and 100,000 cards with 1,000,000 reviews, an imported Anki collection's size),
then starts the real app (``studyapp review --deck``) headless in a fresh process and
stamps the moment the first card is on screen; the floor is a minimal Textual app stamped at its first paint, measured
the same way in the same run. Both stamp after ``pilot.pause(0)`` (every pending message
handled, then a render), not ``pilot.pause()``, whose wait for an idle CPU would count the
store being opened behind the card. That opening is measured too: ``ready_s`` is when the
store is open and the content synced (``ready_cpu_s`` the process's CPU time by then),
and ``rss_mb`` is the peak after it. The ``edited_`` figures are the same for starts that
follow an edit of one content file (a card's answer reworded), whose sync must compare.
Prints one JSON object with medians of ``--runs`` each, per size.
Usage: python bench/startup.py [--cards N --reviews N] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from store import write_content

DAY_MS = 86_400_000
# (cards, reviews): a deck set of usual size, and an imported Anki collection's size.
SIZES = ((5000, 50_000), (100_000, 1_000_000))

FLOOR_APP = """
import sys, time
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static("first paint")

async def stamp(pilot):
    await pilot.pause(0)
    print(time.time(), time.thread_time(), flush=True)
    pilot.app.exit()

Floor().run(headless=True, auto_pilot=stamp)
"""

STUDY_APP = """
import resource, sys, time
from studyapp.config import load_config
from studyapp.tui.app import create_app

def peak_rss_mb():
    # VmHWM is this program's own peak; ru_maxrss also counts the parent's, copied at fork.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

async def stamp(pilot):
    app = pilot.app
    while not (type(app.screen).__name__ == "ReviewScreen" and app.screen.phase in ("question", "answering")):
        await pilot.pause(0.005)
    await pilot.pause(0)
    first_card, cpu = time.time(), time.thread_time()
    await app.backend.started()
    ready, ready_cpu = time.time(), time.process_time()
    print(first_card, cpu, peak_rss_mb(), ready, ready_cpu, flush=True)
    app.exit()

create_app(load_config(home=sys.argv[1], include_bundled=False, content=[sys.argv[2]]), deck_id="deck0").run(
    headless=True, auto_pilot=stamp
)
"""


def add_history(db_path: Path, reviews: int) -> None:
    """Spread ``reviews`` over the synced items; a tenth of them become due review cards."""
    rng = random.Random(5)
    now_ms = int(time.time() * 1000)
    connection = sqlite3.connect(db_path)
    ids = [row[0] for row in connection.execute("SELECT id FROM items")]
    snapshot = json.dumps({"state": 2, "stability": 5.0, "difficulty": 5.0, "due": now_ms})
    with connection:
        connection.executemany(
            "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue, state_before,"
            " state_after) VALUES (?, ?, ?, ?, 'review', ?, ?)",
            (
                (
                    rng.choice(ids),
                    now_ms - rng.randint(DAY_MS, 365 * DAY_MS),
                    rng.randint(1, 4),
                    rng.randint(1000, 20000),
                    snapshot,
                    snapshot,
                )
                for _ in range(reviews)
            ),
        )
        connection.executemany(
            "UPDATE items SET state = 2, stability = 5.0, difficulty = 5.0, reps = 3, due = ?,"
            " last_review = ? WHERE id = ?",
            ((now_ms - rng.randint(0, 5) * DAY_MS, now_ms - 6 * DAY_MS, i) for i in ids[::10]),
        )
    connection.close()


class Run(NamedTuple):
    seconds: float  # from spawning the interpreter to its first stamp
    cpu_s: float  # the main thread's CPU time at that stamp
    rss_mb: float = 0.0  # peak, once the store is ready (study app only)
    ready_s: float = 0.0  # from spawning to the store being open and synced
    ready_cpu_s: float = 0.0  # the process's CPU time (all threads) by then


def first_paint(script: str, *args: str) -> Run:
    """Run ``script`` in a fresh interpreter and read the stamps it prints."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    fields = [float(field) for field in done.stdout.split()]
    if len(fields) == 2:
        return Run(fields[0] - start, fields[1])
    return Run(fields[0] - start, fields[1], fields[2], fields[3] - start, fields[4])


def edit_one_file(content: Path) -> None:
    """Reword one card's answer, or reword it back: an author's edit between two sessions."""
    path = content / "deck3" / "topic3.md"
    text = path.read_text(encoding="utf-8")
    reworded = text.replace("It is the answer", "It is an answer", 1)
    if reworded == text:
        reworded = text.replace("It is an answer", "It is the answer", 1)
    path.write_text(reworded, encoding="utf-8")


def measure(cards_wanted: int, reviews: int, runs: int) -> dict:
    """Build a home of ``cards_wanted`` cards and ``reviews`` reviews; time ``runs`` starts."""
    from studyapp.config import load_config
    from studyapp.scheduling.service import StudyService

    with tempfile.TemporaryDirectory() as tmp:
        content, home = Path(tmp) / "content", Path(tmp) / "home"
        write_content(content, cards_wanted)
        config = load_config(home=home, include_bundled=False, content=[str(content)])
        with StudyService.open(config) as service:
            cards = service.sync().added
        add_history(config.db_path, reviews)

        first_paint(STUDY_APP, str(home), str(content))  # warm the OS file cache once
        floors, studies, edited = [], [], []
        for _ in range(runs):
            floors.append(first_paint(FLOOR_APP))
            studies.append(first_paint(STUDY_APP, str(home), str(content)))
        for _ in range(runs):
            edit_one_file(content)
            edited.append(first_paint(STUDY_APP, str(home), str(content)))

    def median(runs: list[Run], field: str) -> float:
        return statistics.median(getattr(run, field) for run in runs)

    first, floor = median(studies, "seconds"), median(floors, "seconds")
    first_cpu, floor_cpu = median(studies, "cpu_s"), median(floors, "cpu_s")
    return {
        "cards": cards,
        "reviews": reviews,
        "first_card_s": round(first, 3),
        "floor_s": round(floor, 3),
        "ratio": round(first / floor, 2),
        # CPU seconds of the main thread at the stamps: steadier than wall time on a
        # shared machine (the store opening on its own thread is not counted).
        "first_card_cpu_s": round(first_cpu, 3),
        "floor_cpu_s": round(floor_cpu, 3),
        "cpu_ratio": round(first_cpu / floor_cpu, 2),
        "ready_s": round(median(studies, "ready_s"), 3),
        # Every thread's CPU until the store is ready, the first card's work included.
        "ready_cpu_s": round(median(studies, "ready_cpu_s"), 3),
        "rss_mb": round(max(run.rss_mb for run in studies), 1),
        "edited_ready_s": round(median(edited, "ready_s"), 3),
        "edited_ready_cpu_s": round(median(edited, "ready_cpu_s"), 3),
        "edited_rss_mb": round(max(run.rss_mb for run in edited), 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, help="one size only (default: both sizes)")
    parser.add_argument("--reviews", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = SIZES if args.cards is None else ((args.cards, args.reviews),)
    results = [measure(cards, reviews, args.runs) for cards, reviews in sizes]
    print(
        json.dumps(
            {
                "load_average_1m": os.getloadavg()[0],  # other work inflates wall times
                "sizes": results,
                "bench_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
