"""Series maths of the Metrics tab and command: pure functions, no UI, no AWS."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest

from tui.models import metrics as m

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("instance_type", "gpus"),
    [
        ("ml.p4d.24xlarge", 8),
        ("ml.p3.2xlarge", 1),
        ("ml.p3.8xlarge", 4),
        ("ml.g5.12xlarge", 4),
        ("ml.g5.xlarge", 1),
        ("ml.g4dn.12xlarge", 4),
        ("ml.p5.48xlarge", 8),
        ("ml.m5.xlarge", 0),
        ("ml.trn1.32xlarge", 0),
        ("ml.unknown.huge", 0),
        ("p4d.24xlarge", 0),
        (None, 0),
        ("", 0),
    ],
)
def test_gpu_count(instance_type: str | None, gpus: int) -> None:
    assert m.gpu_count(instance_type) == gpus


def test_per_gpu_divides_summed_utilisation() -> None:
    assert m.per_gpu([(0.0, 800.0), (60.0, 400.0)], 8) == [(0.0, 100.0), (60.0, 50.0)]
    # Unknown or single GPU: unchanged.
    assert m.per_gpu([(0.0, 80.0)], 0) == [(0.0, 80.0)]
    assert m.per_gpu([(0.0, 80.0)], 1) == [(0.0, 80.0)]


def test_split_range_keeps_each_call_within_the_point_limit() -> None:
    end = T0 + timedelta(hours=72)
    windows = m.split_range(T0, end, queries=50)
    # 72 h x 60 points/h x 50 series = 216,000 points: three calls of at most 100,800.
    assert len(windows) == 3
    assert windows[0][0] == T0 and windows[-1][1] == end
    for (_, b), (c, _) in itertools.pairwise(windows):
        assert b == c  # contiguous, no overlap
    for a, b in windows:
        assert (b - a).total_seconds() / 60 * 50 <= m.MAX_POINTS_PER_CALL


def test_split_range_one_window_when_it_fits_and_none_when_empty() -> None:
    assert m.split_range(T0, T0 + timedelta(hours=1), queries=10) == [(T0, T0 + timedelta(hours=1))]
    assert m.split_range(T0, T0, queries=10) == []
    assert m.split_range(T0, T0 + timedelta(hours=1), queries=0) == []


def test_split_range_aligns_start_to_the_period() -> None:
    windows = m.split_range(T0 + timedelta(seconds=17), T0 + timedelta(minutes=5), queries=1)
    assert windows[0][0] == T0


def test_batches_of_500_queries() -> None:
    sizes = [len(b) for b in m.batches(list(range(1201)))]
    assert sizes == [500, 500, 201]
    assert m.batches([]) == []


def test_merge_new_points_override_and_sort() -> None:
    old = [(0.0, 1.0), (60.0, 2.0)]
    new = [(60.0, 2.5), (120.0, 3.0), (180.0, float("nan"))]
    assert m.merge(old, new) == [(0.0, 1.0), (60.0, 2.5), (120.0, 3.0)]


def test_merge_all_unions_series() -> None:
    a, b = m.SeriesKey("train:loss"), m.SeriesKey("CPUUtilization", "algo-1")
    merged = m.merge_all({a: [(0.0, 1.0)]}, {a: [(60.0, 0.5)], b: [(0.0, 30.0)]})
    assert merged == {a: [(0.0, 1.0), (60.0, 0.5)], b: [(0.0, 30.0)]}


def test_gaps_and_segments() -> None:
    points = [(0.0, 1.0), (60.0, 1.0), (120.0, 1.0), (600.0, 2.0), (660.0, 2.0)]
    assert m.gaps(points) == [(120.0, 600.0)]
    assert [len(s) for s in m.segments(points)] == [3, 2]
    assert m.gaps([]) == [] and m.segments([]) == []


@pytest.mark.parametrize(
    ("names", "groups"),
    [
        (["train:loss", "validation:loss"], [("loss", ("train:loss", "validation:loss"))]),
        (["validation:loss", "train:loss"], [("loss", ("train:loss", "validation:loss"))]),
        (
            ["train:loss", "train:accuracy", "validation:accuracy", "throughput"],
            [
                ("train:loss", ("train:loss",)),
                ("accuracy", ("train:accuracy", "validation:accuracy")),
                ("throughput", ("throughput",)),
            ],
        ),
        (["train_loss", "val_loss"], [("loss", ("train_loss", "val_loss"))]),
        (["train:loss"], [("train:loss", ("train:loss",))]),
    ],
)
def test_pair_metrics(names: list[str], groups: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(g.title, g.names) for g in m.pair_metrics(names)] == groups


def test_stats() -> None:
    s = m.stats([(0.0, 3.0), (60.0, 1.0), (120.0, 2.0)])
    assert s == m.Stats(latest=2.0, minimum=1.0, maximum=3.0, latest_at=120.0)
    assert m.stats([]) is None


def test_window_ranges() -> None:
    points = [(float(t), 1.0) for t in range(0, 7200 + 1, 60)]
    assert m.window(points, m.TimeRange.WHOLE) == points
    hour = m.window(points, m.TimeRange.HOUR)
    assert hour[0][0] == 3600.0 and hour[-1][0] == 7200.0
    assert len(m.window(points, m.TimeRange.TEN_MINUTES)) == 11
    assert m.TimeRange.WHOLE.next() is m.TimeRange.HOUR
    assert m.TimeRange.TEN_MINUTES.next() is m.TimeRange.WHOLE


def test_period_for_old_data() -> None:
    assert m.period_for(T0, T0 + timedelta(days=14)) == 60
    assert m.period_for(T0, T0 + timedelta(days=20)) == 300
    assert m.period_for(T0, T0 + timedelta(days=70)) == 3600


def describe(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "TrainingJobName": "job",
        "TrainingJobStatus": "Completed",
        "AlgorithmSpecification": {
            "MetricDefinitions": [
                {"Name": "train:loss", "Regex": "x"},
                {"Name": "validation:loss", "Regex": "y"},
                {"Name": "train:loss", "Regex": "dup"},
            ]
        },
        "ResourceConfig": {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
        "CreationTime": T0,
        "TrainingStartTime": T0 + timedelta(minutes=5),
        "TrainingEndTime": T0 + timedelta(hours=2),
    }
    base.update(overrides)
    return base


def test_spec_from_describe() -> None:
    spec = m.JobMetricsSpec.from_describe(describe())
    assert spec.metric_names == ("train:loss", "validation:loss")
    assert spec.hosts == ("algo-1", "algo-2")
    assert spec.gpus_per_host == 8
    assert spec.start == T0 + timedelta(minutes=5)
    assert not spec.running


def test_spec_heterogeneous_cluster_and_no_definitions() -> None:
    spec = m.JobMetricsSpec.from_describe(
        describe(
            AlgorithmSpecification={},
            ResourceConfig={
                "InstanceGroups": [
                    {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
                    {"InstanceType": "ml.g5.12xlarge", "InstanceCount": 2},
                ]
            },
            TrainingStatus="InProgress",
        )
    )
    assert spec.metric_names == ()
    assert spec.hosts == ("algo-1", "algo-2", "algo-3")
    assert spec.gpus_per_host == 4


def test_final_only_after_the_settling_delay() -> None:
    spec = m.JobMetricsSpec.from_describe(describe())
    end = T0 + timedelta(hours=2)
    assert not m.is_final(spec, end + timedelta(minutes=1))
    assert m.is_final(spec, end + timedelta(minutes=6))
    running = m.JobMetricsSpec.from_describe(describe(TrainingJobStatus="InProgress", TrainingEndTime=None))
    assert running.running and not m.is_final(running, end + timedelta(days=1))


def test_next_fetch_schedule() -> None:
    now = T0
    assert m.next_fetch_in(visible=False, final=False, last_fetch=None, now=now) is None
    assert m.next_fetch_in(visible=True, final=True, last_fetch=None, now=now) is None
    assert m.next_fetch_in(visible=True, final=False, last_fetch=None, now=now) == 0.0
    assert m.next_fetch_in(visible=True, final=False, last_fetch=now - timedelta(seconds=20), now=now) == 40.0
    assert m.next_fetch_in(visible=True, final=False, last_fetch=now - timedelta(seconds=90), now=now) == 0.0


def test_format_value() -> None:
    assert m.format_value(0.0) == "0"
    assert m.format_value(0.123456) == "0.1235"
    assert m.format_value(1234567.0) == "1.235e+06"
    assert m.format_value(0.0000123) == "1.230e-05"
