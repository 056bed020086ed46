"""Drills on real files: a damaged database loses no acknowledged review.

Reviews are written by the real entry point (and by two processes at once), the database
file is damaged the way a failing disk does, and ``studyapp restore --latest`` brings back
from the review journal every review the backup lacks.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from entry_point import run_studyapp

from studyapp.config import AppConfig
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import take_backup
from studyapp.store.safekeeping.journal import journal_dir

DECK = """```deck
id: ml
title: Machine learning
```

```topic
id: boosting
title: Boosting
```

```cards
Q: What does bagging reduce? {#bagging}
A: Variance.
R: Out-of-bag fraction {#oob}
A: 1/e
Q: What does boosting reduce? {#boosting-bias}
A: Bias.
```
"""


def damage(db_path: Path) -> None:
    """What a failing disk leaves: the file's first pages overwritten, no log beside it."""
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with db_path.open("r+b") as file:
        file.write(b"\x00garbage from a failing disk" * 300)


def reviews_in(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(
            "SELECT item_id, reviewed_at, rating, undone_at IS NOT NULL FROM reviews ORDER BY id"
        ).fetchall()


def item_states(db_path: Path) -> dict[str, tuple]:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("SELECT id, state, step, due, reps, lapses FROM items")
        return {row[0]: row[1:] for row in rows}


def test_restore_brings_back_the_reviews_made_after_the_backup(write_content, tmp_path):
    content_dir = write_content({"ml/deck.md": DECK})
    home = tmp_path / "home"
    where = ("--home", str(home), "--no-bundled", "--content", str(content_dir))
    assert run_studyapp("sync", *where).returncode == 0
    assert run_studyapp("rate", "bagging", "good", *where).returncode == 0
    assert run_studyapp("backup", *where).returncode == 0
    for item_id, rating in (("oob", "again"), ("boosting-bias", "easy"), ("oob~rev", "hard")):
        assert run_studyapp("rate", item_id, rating, *where).returncode == 0
    assert run_studyapp("undo", *where).returncode == 0  # takes back oob~rev
    db_path = home / "studyapp.sqlite3"
    acknowledged, states = reviews_in(db_path), item_states(db_path)
    damage(db_path)

    refused = run_studyapp("due", *where)
    assert refused.returncode != 0 and "restore --latest" in refused.stderr

    restored = run_studyapp("restore", "--latest", *where)
    assert restored.returncode == 0, restored.stderr
    assert "brought back 3 reviews made after the backup (and 1 undo)" in restored.stdout
    assert str(journal_dir(db_path)) in restored.stdout
    assert reviews_in(db_path) == acknowledged
    assert item_states(db_path) == states


WRITER = """
import sys
from pathlib import Path
from studyapp.config import AppConfig
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService

config = AppConfig(home=Path(sys.argv[1]), extra_content_dirs=(Path(sys.argv[2]),),
                   include_bundled=False)
with StudyService.open(config) as service:
    for n in range(int(sys.argv[4])):
        service.rate(sys.argv[3], Rating.Good if n % 2 else Rating.Again, 10, answer="x" * 300)
"""


def test_two_writer_processes_lose_nothing_after_a_damaged_database(write_content, tmp_path):
    content_dir = write_content({"ml/deck.md": DECK})
    home = tmp_path / "home"
    home.mkdir()
    config = AppConfig(home=home, extra_content_dirs=(content_dir,), include_bundled=False)
    with StudyService.open(config) as service:
        service.sync()
    take_backup(config.db_path, config.backup_dir, datetime.now(UTC), "manual", 3)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(config.home), str(content_dir), item_id, "40"]
        )
        for item_id in ("bagging", "oob")
    ]
    assert [writer.wait(timeout=300) for writer in writers] == [0, 0]
    acknowledged = reviews_in(config.db_path)
    assert len(acknowledged) == 80
    damage(config.db_path)

    restored = run_studyapp(
        "restore", "--latest", "--home", str(config.home), "--no-bundled",
        "--content", str(content_dir),
    )  # fmt: skip

    assert "brought back 80 reviews" in restored.stdout, restored.stderr
    assert sorted(reviews_in(config.db_path)) == sorted(acknowledged)


