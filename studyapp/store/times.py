"""Store times: aware UTC datetimes kept as integer milliseconds since the epoch.

Free of SQLAlchemy, so the fast start-up path and the reports can convert without it.
"""

from __future__ import annotations

from datetime import UTC, datetime

DAY_MS = 86_400_000


def to_millis(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def from_millis(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)
