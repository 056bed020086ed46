"""A review acknowledged to the caller survives ``kill -9`` and the database stays sound."""

import signal
import sqlite3
import subprocess
import sys

CHILD = """
import sys
from studyapp.config import AppConfig
from pathlib import Path
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService

config = AppConfig(home=Path(sys.argv[1]), extra_content_dirs=(Path(sys.argv[2]),),
                   include_bundled=False)
service = StudyService.open(config)
service.sync()
ids = ["bagging", "oob", "oob~rev", "boosting-bias"]
n = 0
while True:
    record = service.rate(ids[n % len(ids)], Rating.Again, 10, answer="x" * 500)
    print("ack", record.id, flush=True)
    n += 1
"""


def test_acknowledged_reviews_survive_sigkill(config, content_dir):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(config.home), str(content_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acked = []
    try:
        for line in child.stdout:
            acked.append(int(line.split()[1]))
            if len(acked) == 40:
                child.send_signal(signal.SIGKILL)  # mid-loop: more writes are in flight
                break
    finally:
        child.kill()
        child.wait()
    assert len(acked) == 40, "the child stopped before acknowledging 40 reviews"

    with sqlite3.connect(config.db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in connection.execute("SELECT id FROM reviews")}
    assert set(acked) <= stored
