"""The soak's bookkeeping, over a few simulated days on a small collection: every review
made is in the log, exactly once, and each day takes its backup."""

from __future__ import annotations

from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def soak(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import soak

    return soak


def test_a_few_days_log_exactly_the_reviews_made(soak) -> None:
    days = ["--items", "300", "--reviews", "3000", "--days", "3", "--per-day", "25"]
    result = soak.main([*days, "--edit-every", "2", "--optimize-every", "2"])
    assert result["reviews_made"] >= 3 * 25  # the days' reviews and the measurements'
    assert result["reviews_logged"] == result["reviews_made"]
    assert result["log_exact"]
    assert (result["content_edits"], result["backups_taken"], result["optimizations"]) == (1, 3, 1)
    assert set(result["growth"]) == {
        "db_mb",
        "first_card_ms",
        "queue_p95_ms",
        "write_p95_ms",
        "rss_mb",
    }
