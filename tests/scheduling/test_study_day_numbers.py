"""Study day numbers worked out on whole columns agree with the one-moment definition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.scheduling.day import study_day_number
from studyapp.scheduling.fitting.training import study_day_numbers
from studyapp.store.times import to_millis

# Zones with a daylight-saving change of an hour, of half an hour (Lord Howe), none but an
# odd offset (Kathmandu), one that changes at midnight (Santiago), and a fixed offset.
ZONES = [
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),
    ZoneInfo("Asia/Kathmandu"),
    ZoneInfo("America/Santiago"),
    timezone(timedelta(hours=-3, minutes=-30)),
    UTC,
]
START = to_millis(datetime(2024, 1, 1, tzinfo=UTC))
SPAN_MS = 3 * 366 * 86_400_000


@settings(max_examples=60, deadline=None)
@given(
    moments=st.lists(st.integers(0, SPAN_MS), min_size=1, max_size=40),
    zone=st.sampled_from(ZONES),
    rollover_hour=st.integers(0, 23),
)
def test_every_moment_gets_the_study_day_number_of_its_own(moments, zone, rollover_hour):
    reviewed_at = np.array([START + m for m in moments], dtype=np.int64)
    expected = [
        study_day_number(datetime.fromtimestamp(at / 1000, UTC), rollover_hour, zone)
        for at in reviewed_at.tolist()
    ]
    assert study_day_numbers(reviewed_at, rollover_hour, zone).tolist() == expected


@pytest.mark.parametrize(
    "change",
    [datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 1, 0, tzinfo=UTC)],
    ids=["spring", "autumn"],
)
@pytest.mark.parametrize("rollover_hour", [1, 2, 3, 4])
def test_the_moments_around_a_clock_change_fall_on_their_own_days(change, rollover_hour):
    berlin = ZoneInfo("Europe/Berlin")  # clocks change at 01:00 UTC
    around = np.array([to_millis(change) + m * 60_000 for m in range(-150, 150, 7)], dtype=np.int64)
    expected = [
        study_day_number(datetime.fromtimestamp(at / 1000, UTC), rollover_hour, berlin)
        for at in around.tolist()
    ]
    assert study_day_numbers(around, rollover_hour, berlin).tolist() == expected
