from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from studyapp.scheduling.day import study_day

BERLIN_WINTER = timezone(timedelta(hours=1))


def test_before_the_rollover_hour_counts_as_the_previous_day():
    now = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 03:30 in UTC+1, before 04:00
    day = study_day(now, rollover_hour=4, tz=BERLIN_WINTER)
    assert day.start == datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
    assert day.end == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def test_at_the_rollover_hour_a_new_day_starts():
    now = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 04:00 in UTC+1
    day = study_day(now, rollover_hour=4, tz=BERLIN_WINTER)
    assert day.start == now
    assert now in day


def test_a_day_across_the_dst_change_follows_the_wall_clock():
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # clocks went forward at 02:00 local
    day = study_day(now, rollover_hour=4, tz=berlin)
    assert day.start.astimezone(berlin).hour == 4
    assert day.end.astimezone(berlin).hour == 4
    assert day.end - day.start == timedelta(hours=24)
    earlier = study_day(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 4, berlin)
    assert earlier.end - earlier.start == timedelta(hours=23)
