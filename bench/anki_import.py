"""Anki import benchmark: ``studyapp import`` against Anki's own import of the same package.

Builds a collection with Anki's package (notes of the three stock types in nested decks,
cards in every state, a review log written in bulk through the collection's database),
exports it as a current-format .apkg with scheduling, then times, in the same run,
Anki's importer into a fresh collection (the baseline) and studyapp's import into a
fresh data directory. Prints one JSON object; the target is a ratio of at most 3. Both
run in this process, so their CPU seconds (all threads, and for ours the child process
that writes the reviews) are given too, a steadier figure than wall time on a shared
machine, with the load average around the runs.
Usage (from the repository root): PYTHONPATH=. python bench/anki_import.py [--notes 16000]
[--reviews 150000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from anki.collection import (
    AddNoteRequest,
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from studyapp.config import AppConfig, Settings
from studyapp.interop.anki.importer import import_package

DECKS = ["Languages::中文", "Languages::Deutsch", "Science::Physics", "Science::Biology", "Math"]
_DAY_MS = 86_400_000


def _card_history(card_id: int, count: int, now_ms: int, rng: random.Random) -> list[tuple]:
    """One card's revlog rows as a learner makes them: each review after the interval the
    previous one gave (give or take a few hours), the interval growing with each success
    and back to a day after a lapse, starting two to three years ago. Times differ from
    card to card, so the memory states along the histories are as varied as a real
    collection's (ids made unique afterwards, ``_unique_ids``)."""
    rows, ivl = [], 0
    at = now_ms - rng.randint(2 * 365, 3 * 365) * _DAY_MS
    for step in range(count):
        at += ivl * _DAY_MS + rng.randint(60_000, 6 * 3_600_000)
        ease = 1 if rng.random() < 0.1 else rng.choice((2, 3, 3, 3, 4))
        last, ivl = ivl, 1 if ease == 1 or step == 0 else max(ivl + 1, round(ivl * 2.5))
        rows.append((at, card_id, -1, ease, ivl, last, 2500, rng.randint(2_000, 20_000),
                     0 if step == 0 else 1))
    return rows


def _unique_ids(rows: list[tuple]) -> list[tuple]:
    """The rows in time order, an id that another row took moved on by a millisecond."""
    unique, last = [], 0
    for row in sorted(rows):
        last = max(row[0], last + 1)
        unique.append((last, *row[1:]))
    return unique


def build_collection(folder: Path, notes: int, reviews: int, rng: random.Random) -> Path:
    col = Collection(str(folder / "source.anki2"))
    kinds = [col.models.by_name(n) for n in ("Basic", "Basic (and reversed card)", "Cloze")]
    deck_ids = [col.decks.id(name) for name in DECKS]
    requests = []
    for index in range(notes):
        notetype = kinds[0] if index % 10 < 6 else kinds[1] if index % 10 < 8 else kinds[2]
        note = col.new_note(notetype)
        if notetype["type"] == 1:
            note.fields[0] = f"Term {index}: {{{{c1::<b>answer</b> {index}}}}} and {{{{c2::词 {index}}}}}"
        else:
            note.fields[0] = f"Question {index} <i>with</i> some&nbsp;HTML<br>and a second line"
            note.fields[1] = f"Answer {index}: 你好 <b>world</b>"
        note.tags = [f"tag{index % 7}"]
        requests.append(AddNoteRequest(note=note, deck_id=deck_ids[index % len(deck_ids)]))
    col.add_notes(requests)
    card_ids = col.db.list("SELECT id FROM cards ORDER BY id")
    today = col.sched.today
    now_ms = int(time.time() * 1000)
    per_card = max(1, -(-reviews // len(card_ids)))  # at least ``reviews`` in all
    reviewed = card_ids[: min(len(card_ids), -(-reviews // per_card))]
    rows = _unique_ids(
        [row for card_id in reviewed for row in _card_history(card_id, per_card, now_ms, rng)]
    )
    col.db.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    col.db.executemany(
        "UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, reps = ?, lapses = ? WHERE id = ?",
        [(today + rng.randint(-5, 60), rng.randint(1, 90), per_card, rng.randint(0, 3), cid)
         for cid in reviewed],
    )
    package = folder / "bench.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False)
    col.export_anki_package(out_path=str(package), options=options, limit=None)
    col.close()
    return package


def time_anki_import(package: Path, folder: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of Anki's import."""
    col = Collection(str(folder / "anki-target.anki2"))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    start, cpu = time.perf_counter(), time.process_time()
    col.import_anki_package(request)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    col.close()
    return elapsed, used


def time_studyapp_import(package: Path, folder: Path) -> tuple[float, float, dict]:
    """(wall, CPU) seconds of studyapp's import, and its summary."""
    home = folder / "home"
    home.mkdir()
    config = AppConfig(home=home, include_bundled=False, settings=Settings())
    start, cpu = time.perf_counter(), _cpu_with_children()
    summary = import_package(config, package, None, datetime.now(UTC))
    return time.perf_counter() - start, _cpu_with_children() - cpu, summary.as_json()


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended (the import's
    child that writes the reviews is joined before the import returns)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=16_000)
    parser.add_argument("--reviews", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        package = build_collection(root, args.notes, args.reviews, rng)
        size_mb = package.stat().st_size / 1e6
        load_before = os.getloadavg()[0]
        anki_runs, our_runs, summary = [], [], {}
        for run in range(args.repeat):
            run_dir = root / f"run{run}"
            run_dir.mkdir()
            anki_runs.append(time_anki_import(package, run_dir))
            wall, cpu, summary = time_studyapp_import(package, run_dir)
            our_runs.append((wall, cpu))
    (anki_s, anki_cpu), (ours_s, ours_cpu) = min(anki_runs), min(our_runs)
    print(json.dumps({
        "package_mb": round(size_mb, 2),
        "notes": summary["notes"],
        "cards": summary["cards"],
        "reviews": summary["reviews"],
        "anki_import_s": round(anki_s, 3),
        "studyapp_import_s": round(ours_s, 3),
        "ratio": round(ours_s / anki_s, 2),
        "anki_import_cpu_s": round(anki_cpu, 3),
        "studyapp_import_cpu_s": round(ours_cpu, 3),
        "cpu_ratio": round(ours_cpu / anki_cpu, 2),
        "target_ratio": 3.0,
        "runs": args.repeat,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }))


if __name__ == "__main__":
    main()
