"""Times in the job list (issue 17.6): absolute times carry their zone, old ages read as years."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tui.models.summary import clock_width, format_age, format_clock, zone_suffix
from tui.models.timefmt import format_coarse

TS = datetime(2026, 12, 5, 4, 16, tzinfo=timezone.utc).timestamp()


def test_absolute_times_carry_their_zone() -> None:
    assert format_clock(TS, timezone.utc) == "2026-12-05 04:16Z"
    assert format_clock(TS, timezone(timedelta(hours=9))) == "2026-12-05 13:16+09"
    assert format_clock(TS, timezone(timedelta(hours=5, minutes=30))) == "2026-12-05 09:46+0530"
    assert format_clock(TS, timezone(timedelta(hours=-3))) == "2026-12-05 01:16-03"
    local = format_clock(TS, None)  # the machine's zone: whatever it is, it is said
    assert local[16:] in ("Z",) or local[16] in "+-"


def test_zone_suffix_and_column_width() -> None:
    assert zone_suffix(datetime(2026, 1, 1, tzinfo=timezone.utc)) == "Z"
    assert zone_suffix(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-9, minutes=-30)))) == "-0930"
    assert clock_width(timezone.utc, TS) == len("2026-12-05 04:16Z")
    assert clock_width(timezone(timedelta(hours=5, minutes=30)), TS) == len("2026-12-05 09:46+0530")


def test_ages_beyond_a_year_read_as_years() -> None:
    day = 86_400.0
    assert format_coarse(2_600 * day) == "7y"
    assert format_coarse(365 * day) == "1y"
    assert format_coarse(364 * day) == "364d"
    assert format_coarse(12 * day) == "12d"
    assert format_age(TS - 2_600 * day, TS) == "7y ago"
