"""Hypothesis strategies for SageMaker responses, built from botocore's service model.

``shape_strategy(shape)`` draws values of any botocore shape: structures with any subset of their
members (``required=True`` keeps the required ones), unicode strings (sometimes very long, with
control characters), enum values (sometimes one the model does not know yet, as a newer API would
send), integers within the model's limits, aware datetimes in several zones.

``describe_responses()`` draws whole DescribeTrainingJob responses, sometimes with thousands of
hyperparameters or hundreds of status transitions (built from a drawn seed: Hypothesis would be
slow drawing them one by one). ``training_job_summaries()`` and ``list_responses()`` do the same for
ListTrainingJobs, for fuzz tests of the list and the cache.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from tests.hostile import PAYLOADS

ZONES = (timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8)))
#: Secondary statuses SageMaker may add later: the UI must show them, not crash on them.
UNKNOWN_ENUM = "SomeFutureValue"

#: Text a hostile or broken endpoint may send: escape sequences, C1 controls, bidi overrides,
#: zero-width marks and Rich/Textual markup, inside ordinary text (tests/hostile.py).
hostile_text = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=6),
    st.sampled_from(PAYLOADS),
    st.text(max_size=6),
)
short_text = st.one_of(st.text(max_size=24), st.text(max_size=24), hostile_text)
long_text = st.builds(lambda unit, n: unit * n, st.text(min_size=1, max_size=8), st.integers(60, 1500))
any_text = st.one_of(short_text, short_text, short_text, long_text)
timestamps = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.sampled_from(ZONES)
)


@lru_cache(maxsize=1)
def _model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def output_shape(operation: str) -> Any:
    return _model().operation_model(operation).output_shape


def _string(shape: Any) -> st.SearchStrategy[str]:
    if shape.enum:
        hostile_enum = hostile_text.map(lambda text: UNKNOWN_ENUM + text)
        return st.one_of(st.sampled_from(list(shape.enum)), st.just(UNKNOWN_ENUM), hostile_enum)
    return any_text


def _integer(shape: Any, *, long: bool) -> st.SearchStrategy[int]:
    low = shape.metadata.get("min", 0 if not long else -(2**40))
    high = shape.metadata.get("max", 2**63 - 1 if long else 2**31 - 1)
    return st.integers(min_value=low, max_value=high)


def shape_strategy(
    shape: Any,
    *,
    required: bool = False,
    overrides: Mapping[str, st.SearchStrategy[Any]] | None = None,
    max_items: int = 3,
    _path: str = "",
) -> st.SearchStrategy[Any]:
    """Values of ``shape``; ``overrides`` replaces the strategy at a dotted member path."""
    overrides = overrides or {}
    if _path in overrides:
        return overrides[_path]
    kind = shape.type_name

    def sub(member: Any, name: str) -> st.SearchStrategy[Any]:
        path = f"{_path}.{name}" if _path else name
        return shape_strategy(member, required=required, overrides=overrides, max_items=max_items, _path=path)

    if kind == "structure":
        needed = set(shape.required_members) if required else set()
        fixed = {n: sub(m, n) for n, m in shape.members.items() if n in needed}
        optional = {n: sub(m, n) for n, m in shape.members.items() if n not in needed}
        return st.fixed_dictionaries(fixed, optional=optional)
    if kind == "list":
        return st.lists(sub(shape.member, "[]"), max_size=max_items)
    if kind == "map":
        return st.dictionaries(_string(shape.key), sub(shape.value, "{}"), max_size=max_items)
    if kind == "string":
        return _string(shape)
    if kind == "integer":
        return _integer(shape, long=False)
    if kind == "long":
        return _integer(shape, long=True)
    if kind in ("float", "double"):
        return st.floats(allow_nan=True, allow_infinity=True)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return timestamps
    if kind == "blob":
        return st.binary(max_size=32)
    raise NotImplementedError(f"no strategy for {kind} shapes")


def _big_hyperparameters(seed: int, size: int) -> dict[str, str]:
    rng = random.Random(seed)
    out = {}
    for i in range(size):
        key = f"param_{i:05d}_{rng.choice(['lr', 'layers', 'dropout', 'ünïcode', '训练'])}"
        kind = rng.random()
        if kind < 0.2:
            value = f'{{"nested": {{"a": [1, 2, 3], "b": "x"}}, "n": {i}}}'
        elif kind < 0.3:
            value = "v" * rng.randint(300, 2500)
        else:
            value = str(rng.random())
        out[key] = value
    return out


def big_hyperparameters(max_size: int = 5000) -> st.SearchStrategy[dict[str, str]]:
    """Up to ``max_size`` entries (the docs say 100; real jobs and caches do not always agree)."""
    return st.builds(_big_hyperparameters, st.integers(0, 2**16), st.integers(1000, max_size))


_STATUSES = ("Starting", "Pending", "Downloading", "Training", "Interrupted", "Uploading", "Restarting")


def _many_transitions(seed: int, size: int, open_end: bool) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    at = datetime(2026, 11, 20, tzinfo=timezone.utc)
    out: list[dict[str, Any]] = []
    for i in range(size):
        step = timedelta(seconds=rng.randint(0, 3600))
        item: dict[str, Any] = {"Status": rng.choice(_STATUSES), "StartTime": at}
        if not (open_end and i == size - 1):
            item["EndTime"] = at + step
        if rng.random() < 0.7:
            item["StatusMessage"] = f"transition {i} " + "é" * rng.randint(0, 80)
        out.append(item)
        at += step
    return out


def many_transitions(max_size: int = 500) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.builds(_many_transitions, st.integers(0, 2**16), st.integers(100, max_size), st.booleans())


def describe_responses(*, big: bool = True, required: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Whole DescribeTrainingJob responses; with ``big``, sometimes huge collections too."""
    overrides: dict[str, st.SearchStrategy[Any]] = {}
    shape = output_shape("DescribeTrainingJob")
    if big:
        small_hp = shape_strategy(shape.members["HyperParameters"])
        small_tr = shape_strategy(shape.members["SecondaryStatusTransitions"], required=required)
        overrides["HyperParameters"] = st.one_of(small_hp, small_hp, small_hp, big_hyperparameters())
        overrides["SecondaryStatusTransitions"] = st.one_of(small_tr, small_tr, small_tr, many_transitions())
    return shape_strategy(shape, required=required, overrides=overrides)


def error_messages() -> st.SearchStrategy[str]:
    """Service error messages: AWS echoes the caller's input in them, so anything at all."""
    return st.one_of(hostile_text, any_text, st.lists(hostile_text, min_size=2, max_size=4).map("\n".join))


def training_job_summaries(*, required: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    summary = output_shape("ListTrainingJobs").members["TrainingJobSummaries"].member
    return shape_strategy(summary, required=required)


def list_responses(*, required: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    return shape_strategy(output_shape("ListTrainingJobs"), required=required, max_items=20)
