"""List rows from ListTrainingJobs summaries: conversion, durations, cell text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dateutil.tz import tzlocal

from tests.conftest import FIXED_NOW
from tui.models.summary import (
    NO_EXTRAS,
    DescribeExtras,
    cell_text,
    duration_seconds,
    epoch,
    format_age,
    make_extras,
    row_from_summary,
    ticks,
    with_extras,
)
from tui.models.timefmt import format_coarse

NOW = FIXED_NOW.timestamp()


def make(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "TrainingJobName": "Bert-Job",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:1:training-job/bert-job",
        "CreationTime": FIXED_NOW - timedelta(hours=2),
        "LastModifiedTime": FIXED_NOW - timedelta(hours=1),
        "TrainingEndTime": FIXED_NOW - timedelta(hours=1),
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
    }
    base.update(fields)
    return base


def test_row_fields_from_a_summary() -> None:
    row = row_from_summary(make(WarmPoolStatus={"Status": "Available"}))
    assert row.name == "Bert-Job"
    assert row.name_key == "bert-job"
    assert row.arn.endswith("training-job/bert-job")
    assert (row.status, row.secondary, row.warm_pool) == ("Completed", "Completed", "Available")
    assert row.created == NOW - 7200
    assert row.modified == NOW - 3600
    assert row.end == NOW - 3600
    assert (row.instance, row.billable) == ("", None)


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc),
        datetime(2026, 11, 26, 12, 0),  # naive = UTC (moto, the cache)
        datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc).astimezone(tzlocal()),  # botocore
        "2026-11-26T12:00:00Z",
        "2026-11-26T12:00:00+00:00",
        FIXED_NOW.timestamp(),
    ],
)
def test_every_timestamp_shape_gives_the_same_epoch(value: object) -> None:
    assert epoch(value) == NOW
    assert row_from_summary(make(CreationTime=value)).created == NOW


@pytest.mark.parametrize("value", [None, "", "yesterday", object()])
def test_unreadable_timestamps_are_absent_not_errors(value: object) -> None:
    assert epoch(value) is None


def test_missing_fields_become_empty_values() -> None:
    row = row_from_summary({"TrainingJobName": "x"})
    assert (row.status, row.secondary, row.warm_pool, row.arn) == ("", "", "", "")
    assert row.created == 0.0 and row.modified == 0.0 and row.end is None
    for column in ("status", "secondary", "created", "duration", "modified", "warm_pool", "instance",
                   "billable"):
        assert cell_text(row, column, NOW, absolute=False) == "-"


def test_modified_falls_back_to_created() -> None:
    summary = make()
    del summary["LastModifiedTime"]
    row = row_from_summary(summary)
    assert row.modified == row.created


def test_status_strings_are_shared_between_rows() -> None:
    first = row_from_summary(make(TrainingJobStatus="".join(["Comp", "leted"])))
    second = row_from_summary(make(TrainingJobStatus="".join(["Compl", "eted"])))
    assert first.status is second.status


def test_rows_compare_by_value_so_merges_find_changes() -> None:
    assert row_from_summary(make()) == row_from_summary(make())
    assert row_from_summary(make()) != row_from_summary(make(SecondaryStatus="Uploading"))


def test_duration_of_running_jobs_ticks_with_now() -> None:
    row = row_from_summary(make(TrainingJobStatus="InProgress", TrainingEndTime=None))
    assert duration_seconds(row, NOW) == 7200
    assert duration_seconds(row, NOW + 5) == 7205
    assert ticks(row, "duration", absolute=False)


def test_duration_of_finished_jobs_is_end_minus_creation() -> None:
    row = row_from_summary(make())
    assert duration_seconds(row, NOW) == 3600
    assert duration_seconds(row, NOW + 500) == 3600
    assert not ticks(row, "duration", absolute=False)


def test_finished_job_without_end_time_lasts_until_its_last_update() -> None:
    """One definition with the detail screen (issue 17): a job that failed before training ended
    lasted from creation to LastModifiedTime, marked approximate (the list showed a dash)."""
    row = row_from_summary(make(TrainingJobStatus="Failed", TrainingEndTime=None))
    assert duration_seconds(row, NOW) == 3600
    assert duration_seconds(row, NOW + 500) == 3600
    assert cell_text(row, "duration", NOW, absolute=False) == "≈1h00m"
    assert not ticks(row, "duration", absolute=False)


def test_relative_and_absolute_times() -> None:
    row = row_from_summary(make())
    assert cell_text(row, "created", NOW, absolute=False) == "2h00m ago"
    assert cell_text(row, "modified", NOW, absolute=False) == "1h00m ago"
    assert cell_text(row, "created", NOW, absolute=True) == "2026-11-26 10:00"
    assert ticks(row, "created", absolute=False) and not ticks(row, "created", absolute=True)
    fixed = timezone(timedelta(hours=9))
    assert cell_text(row, "created", NOW, absolute=True, zone=fixed) == "2026-11-26 19:00"


def test_clock_skew_shows_a_future_time_instead_of_a_negative_age() -> None:
    row = row_from_summary(make(CreationTime=FIXED_NOW + timedelta(seconds=5)))
    assert cell_text(row, "created", NOW, absolute=False) == "in 5s"


def test_extras_fill_instance_and_billable() -> None:
    extras = make_extras("ml.p4d.24xlarge", 4, 5400)
    assert extras == DescribeExtras("ml.p4d.24xlarge x4", 5400.0)
    row = with_extras(row_from_summary(make()), extras)
    assert cell_text(row, "instance", NOW, absolute=False) == "ml.p4d.24xlarge x4"
    assert cell_text(row, "billable", NOW, absolute=False) == "1h30m"
    assert make_extras("ml.c5.xlarge", None, None) == DescribeExtras("ml.c5.xlarge", None)
    assert make_extras(None, None, None) == NO_EXTRAS


def test_unknown_column_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        cell_text(row_from_summary(make()), "colour", NOW, absolute=False)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.5, "just now"), (45, "45s ago"), (60, "1m ago"), (125, "2m ago"), (3599, "59m ago"),
     (3600, "1h00m ago"), (3 * 3600 + 12 * 60 + 59, "3h12m ago"), (8 * 3600, "8h ago"),
     (47 * 3600 + 3599, "47h ago"), (3 * 86400 + 7200, "3d02h ago"), (400 * 86400, "400d ago")],
)
def test_ages_lose_a_unit_as_they_grow(seconds: float, text: str) -> None:
    # Seconds only in the first minute, minutes up to 8 h, then hours, then days: an age that
    # changed every second (or minute) would repaint every row that often, bytes over SSH for
    # nothing.
    assert format_age(NOW - seconds, NOW) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (59, "59s"), (60, "1m"), (599, "9m"), (3599, "59m"),
     (3600, "1h00m"), (8 * 3600 - 1, "7h59m"), (8 * 3600, "8h"), (48 * 3600 - 1, "47h"),
     (48 * 3600, "2d00h"), (8 * 86400 - 1, "7d23h"), (8 * 86400, "8d"), (1234 * 86400, "1,234d")],
)
def test_coarse_durations_follow_kubectl_precision(seconds: int, text: str) -> None:
    assert format_coarse(seconds) == text


def test_a_running_duration_is_coarse_and_a_finished_one_exact() -> None:
    started = FIXED_NOW - timedelta(hours=20)
    running = row_from_summary(make(TrainingJobStatus="InProgress", CreationTime=started))
    assert cell_text(running, "duration", NOW, absolute=False) == "20h"
    created = FIXED_NOW - timedelta(hours=30)
    ended = created + timedelta(hours=20, seconds=125)
    finished = row_from_summary(make(CreationTime=created, TrainingEndTime=ended))
    assert cell_text(finished, "duration", NOW, absolute=False) == "20h02m"
