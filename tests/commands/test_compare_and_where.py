"""``sagemaker-tui compare`` and ``sagemaker-tui list --where`` against the local SageMaker (moto +
the demo's Search): goldens per output format, the calls made, and bad input.

Regenerate the goldens with ``UPDATE_GOLDEN=1`` (then read the diff).
"""

from __future__ import annotations

import json
import os

import boto3
import pytest

from tests.commands.clirun import GOLDEN, endpoint_args, ours
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL
from tests.conftest import FIXED_NOW, TEST_REGION
from tui.clock import FixedClock

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.commands.compare

    monkeypatch.setattr(tui.commands.compare, "CLOCK", FixedClock(FIXED_NOW))


def tag(url: str, name: str, **tags: str) -> None:
    client = boto3.client(
        "sagemaker", region_name=TEST_REGION, endpoint_url=url,
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    arn = client.describe_training_job(TrainingJobName=name)["TrainingJobArn"]
    client.add_tags(ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def check_golden(name: str, output: str) -> None:
    path = GOLDEN / "compare" / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


@pytest.mark.moto_server
@pytest.mark.parametrize(
    ("output", "extra", "golden"),
    [
        ("table", (), "three.table.txt"),
        ("table", ("--only-differences",), "three-differences.table.txt"),
        ("text", (), "three.text.txt"),
        ("json", (), "three.json"),
    ],
)
def test_compare_goldens(
    fleet: str, capsys: pytest.CaptureFixture[str], output: str, extra: tuple[str, ...], golden: str
) -> None:
    tag(fleet, MAXIMAL, team="nlp", owner="ana")
    tag(fleet, FAILED, team="vision")
    result = ours("compare", capsys, MAXIMAL, FAILED, MINIMAL, "--output", output, *extra, "--no-cache",
                  *endpoint_args(fleet))
    assert result.code == 0, result.err
    assert result.err == ""
    check_golden(golden, result.out)


@pytest.mark.moto_server
def test_compare_json_is_the_model(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    tag(fleet, MAXIMAL, team="nlp")
    result = ours("compare", capsys, MAXIMAL, FAILED, "--output", "json", "--no-cache", *endpoint_args(fleet))
    document = json.loads(result.out)
    assert document["jobs"] == [MAXIMAL, FAILED]
    rows = {(r["section"], r["field"]): r for r in document["rows"]}
    assert rows[("Status", "Status")]["differs"] is True
    assert rows[("Tags", "team")]["values"] == ["nlp", "-"]  # tags from Search; none on the failed job


@pytest.mark.moto_server
def test_compare_bad_input(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    one = ours("compare", capsys, MAXIMAL, *endpoint_args(fleet))
    assert one.code == 252 and one.err.count("\n") == 1 and "2 to 8" in one.err
    bad = ours("compare", capsys, MAXIMAL, "no/such", *endpoint_args(fleet))
    assert bad.code == 252 and bad.err.count("\n") == 1
    missing = ours("compare", capsys, MAXIMAL, "not-there", "--no-cache", *endpoint_args(fleet))
    # As `aws sagemaker describe-training-job` says it (exit 254, the service's one sentence).
    assert missing.code == 254 and missing.err.strip().count("\n") == 0 and "not-there" in missing.err


@pytest.mark.moto_server
@pytest.mark.parametrize(
    ("query", "output", "golden"),
    [
        ("TrainingJobStatus = Failed", "json", "where-failed.json"),
        ("TrainingJobStatus = Failed", "text", "where-failed.txt"),
        ("Tags.team = vision", "json", "where-tag.json"),
        ("exists Tags.team and TrainingJobStatus != Failed", "json", "where-exists.json"),
    ],
)
def test_list_where_goldens(
    fleet: str, capsys: pytest.CaptureFixture[str], query: str, output: str, golden: str
) -> None:
    tag(fleet, MAXIMAL, team="nlp")
    tag(fleet, FAILED, team="vision")
    args = ("--where", query, "--output", output, "--no-cache", *endpoint_args(fleet))
    result = ours("list_jobs", capsys, *args)
    assert result.code == 0, result.err
    check_golden(golden, result.out)


@pytest.mark.moto_server
def test_list_where_shapes_and_other_filters(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = ours("list_jobs", capsys, "--where", "exists TrainingJobName", "--name-contains", "tiny",
                  "--output", "json", "--no-cache", *endpoint_args(fleet))
    assert [s["TrainingJobName"] for s in json.loads(result.out)["TrainingJobSummaries"]] == [MINIMAL]


@pytest.mark.moto_server
def test_list_where_mistakes_are_one_line(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = ours("list_jobs", capsys, "--where", "TrainingJobStatus ~ Failed", *endpoint_args(fleet))
    assert result.code == 252
    assert result.err == (
        "sagemaker-tui list: error: --where: column 19: unknown operator '~' "
        "(use =, !=, >, >=, <, <=, contains)\n"
    )
    paged = ours("list_jobs", capsys, "--where", "exists Tags.a", "--max-items", "3", *endpoint_args(fleet))
    assert paged.code == 252 and "--max-items" in paged.err
    offline = ours("list_jobs", capsys, "--where", "exists Tags.a", "--offline")
    assert offline.code != 0 and offline.err.count("\n") == 1 and "Search" in offline.err
