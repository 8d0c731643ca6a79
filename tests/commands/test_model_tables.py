"""The generated model tables (key order, timestamps, input members) are the installed botocore
model's, and the quick parameter check never accepts what botocore's validator refuses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import botocore
import pytest
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.aws import _model_data, model_tables
from tui.output.cli_input import plainly_valid
from tui.output.normalize import input_shape, output_shape, to_cli_data


def test_committed_tables_are_the_installed_models() -> None:
    """Regenerate with ``python -m tui.aws.model_tables`` after upgrading botocore."""
    built = model_tables.model_tables()
    if _model_data.TABLES["botocore"] != botocore.__version__:
        # Another botocore: the run-time lookup must not use the committed tables then.
        model_tables.tables.cache_clear()
        assert model_tables.tables() == built
        generated = _model_data.TABLES["botocore"]
        pytest.skip(f"tables generated from botocore {generated}, {botocore.__version__} installed")
    assert built == _model_data.TABLES
    assert Path(_model_data.__file__).read_text("utf-8") == model_tables.source(built)


def test_the_version_is_read_without_importing_botocore() -> None:
    assert model_tables.installed_botocore_version() == botocore.__version__


def test_another_botocore_builds_its_tables_once_and_caches_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_tables, "installed_botocore_version", lambda: "0.0.0-test")
    model_tables.tables.cache_clear()
    try:
        built = model_tables.tables()
        path = model_tables._cache_path("0.0.0-test")
        assert json.loads(path.read_text("utf-8"))["botocore"] == "0.0.0-test"
        assert built["shapes"] == _model_data.TABLES["shapes"]
        # The second run reads the cached file instead of loading the model.
        monkeypatch.setattr(model_tables, "model_tables", lambda: pytest.fail("the model was loaded again"))
        model_tables.tables.cache_clear()
        assert model_tables.tables()["shapes"] == built["shapes"]
    finally:
        model_tables.tables.cache_clear()


def test_key_order_from_the_tables_is_the_models() -> None:
    shape = output_shape("DescribeTrainingJob")
    shuffled: dict[str, int | None] = {name: None for name in reversed(list(shape.members))}
    shuffled["ZzNewField"] = 1
    assert list(to_cli_data(shuffled, "DescribeTrainingJobResponse")) == [*shape.members, "ZzNewField"]
    assert list(to_cli_data(shuffled, shape)) == [*shape.members, "ZzNewField"]


def botocore_accepts(operation: str, params: dict[str, Any]) -> bool:
    try:
        validate_parameters(dict(params), input_shape(operation))
    except ParamValidationError:
        return False
    return True


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=70),
    st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
LIST_KEYS = st.sampled_from(
    [*model_tables.input_members("ListTrainingJobs")[1], "TrainingJobName", "Unknown"]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(LIST_KEYS, VALUES, max_size=5))
def test_the_quick_check_accepts_only_what_botocore_accepts_list(params: dict[str, Any]) -> None:
    if plainly_valid("ListTrainingJobs", params):
        assert botocore_accepts("ListTrainingJobs", params)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["TrainingJobName", "Other"]), VALUES, max_size=2))
def test_the_quick_check_accepts_only_what_botocore_accepts_describe(params: dict[str, Any]) -> None:
    if plainly_valid("DescribeTrainingJob", params):
        assert botocore_accepts("DescribeTrainingJob", params)


def test_the_quick_check_accepts_the_ordinary_cases() -> None:
    assert plainly_valid("DescribeTrainingJob", {"TrainingJobName": "job-1"})
    assert plainly_valid(
        "ListTrainingJobs",
        {
            "MaxResults": 10,
            "NameContains": "x",
            "StatusEquals": "Completed",
            "CreationTimeAfter": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        },
    )
    assert not plainly_valid("DescribeTrainingJob", {})
    assert not plainly_valid("DescribeTrainingJob", {"TrainingJobName": ""})
    assert not plainly_valid("ListTrainingJobs", {"MaxResults": 0})
