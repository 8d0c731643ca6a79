"""``cli_timestamp_format`` as the AWS CLI reads it: from the profile the command runs with, ``wire``
and ``none`` printing the service's own numbers (also from the cache, without boto3), ISO 8601 when
unset (our documented default, the AWS CLI v2's), and a bad value failing as the AWS CLI fails."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.commands.clirun import aws, endpoint_args, ours, write_aws_config
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL
from tests.commands.golden import CASES
from tests.commands.test_cache_hit_imports import run_fresh
from tui.aws.wire_time import WireTime, keep_wire_timestamps, with_wire
from tui.cache import codec
from tui.output.normalize import cli_timestamp, wire_seconds

TIMES = "[CreationTime, TrainingEndTime, SecondaryStatusTransitions[].StartTime]"


def golden(name: str, fmt: str) -> bytes:
    return next(c for c in CASES if c.name == name).path(fmt).read_bytes()


@pytest.mark.moto_server
def test_unset_means_iso8601(read_only_fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    write_aws_config(timestamps=None)
    result = ours("describe", capsys, "--training-job-name", MAXIMAL, *endpoint_args(read_only_fleet))
    assert result.code == 0
    assert result.out.encode("utf-8") == golden("maximal", "json")  # made with iso8601


@pytest.mark.moto_server
@pytest.mark.parametrize("value", ["bogus", "ISO8601", ""])
def test_a_bad_value_fails_as_the_aws_cli_fails(
    read_only_fleet: str, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    write_aws_config(timestamps=value)
    args = ["--training-job-name", FAILED, *endpoint_args(read_only_fleet)]
    reference = aws("sagemaker", "describe-training-job", *args)
    for module in ("describe", "list_jobs"):
        result = ours(module, capsys, *args) if module == "describe" else ours(
            module, capsys, *endpoint_args(read_only_fleet)
        )
        assert (result.code, result.out, result.err) == (255, "", reference.err)
    assert reference.code == 255 and "Unknown cli_timestamp_format value" in reference.err


@pytest.mark.moto_server
@pytest.mark.parametrize("how", ["--profile", "AWS_PROFILE"])
def test_the_setting_comes_from_the_profile_in_use(
    read_only_fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    write_aws_config(
        "[profile numbers]\ncli_timestamp_format = wire\nregion = us-east-1\n"
        "aws_access_key_id = testing\naws_secret_access_key = testing\n"
    )
    args = ["--training-job-name", MAXIMAL, "--query", TIMES, "--output", "text",
            *endpoint_args(read_only_fleet)]
    if how == "--profile":
        args += ["--profile", "numbers"]
    else:
        monkeypatch.setenv("AWS_PROFILE", "numbers")
    reference = aws("sagemaker", "describe-training-job", *args)
    assert reference.code == 0 and "1795162530.123" in reference.out
    assert ours("describe", capsys, *args).out == reference.out


@pytest.mark.moto_server
@pytest.mark.parametrize("name", [MAXIMAL, MINIMAL])
def test_a_cached_answer_prints_the_wire_numbers_without_boto3(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """The number the service sent (``1795174350.0`` and ``1795174350`` are the same instant) is
    kept in the cache: the fast path prints what the AWS CLI prints."""
    write_aws_config(timestamps="wire")
    args = ["--training-job-name", name, *endpoint_args(fleet)]
    assert ours("describe", capsys, *args).code == 0  # fetched with boto3, cached
    report, out = run_fresh(tmp_path, "describe", *args)
    reference = aws("sagemaker", "describe-training-job", *args)
    assert report == {"code": 0, "heavy": []}
    assert out == reference.out


def test_the_wire_value_survives_the_cache() -> None:
    moment = dt.datetime(2026, 11, 20, 11, 32, 30, tzinfo=dt.timezone.utc)
    for wire in (1795174350, 1795174350.0, 1795174350.005):
        instant = moment + dt.timedelta(milliseconds=5) if wire == 1795174350.005 else moment
        kept = with_wire(instant, wire)
        back = codec.decode(codec.encode({"t": kept}))["t"]
        # Only the float without a fraction needs carrying: the instant gives the others back.
        assert isinstance(back, WireTime) == (wire == 1795174350.0 and isinstance(wire, float))
        assert back == instant
        assert repr(cli_timestamp(back, "wire")) == repr(wire)
        assert cli_timestamp(back, "iso8601") == cli_timestamp(instant, "iso8601")
    plain = codec.decode(codec.encode({"t": moment}))["t"]
    assert type(plain) is dt.datetime  # nothing recorded: nothing invented


def test_without_the_wire_value_it_is_rebuilt_from_the_instant() -> None:
    utc = dt.timezone.utc
    assert wire_seconds(dt.datetime(2026, 11, 20, 11, 31, 30, tzinfo=utc)) == 1795174290
    assert isinstance(wire_seconds(dt.datetime(2026, 11, 20, 11, 31, 30, tzinfo=utc)), int)
    assert repr(wire_seconds(dt.datetime(2026, 11, 20, 8, 15, 30, 123000, tzinfo=utc))) == "1795162530.123"
    naive_utc = dt.datetime(2026, 11, 20, 8, 15, 30, 123000)
    assert cli_timestamp(naive_utc, "none") == 1795162530.123
    assert cli_timestamp("2026-11-20T08:15:30Z", "wire") == 1795162530


def test_a_boto3_without_its_botocore_session_keeps_the_default_parser() -> None:
    assert keep_wire_timestamps(object()) is False
