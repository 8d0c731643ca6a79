"""The cache codec gives back exactly what it was given."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dateutil import tz as dtz
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cache.strict import same
from tui.cache import codec

ZONES = st.one_of(
    st.none(),
    st.just(timezone.utc),
    st.just(dtz.tzutc()),
    st.just(dtz.tzlocal()),
    st.builds(
        timezone,
        st.integers(min_value=-23 * 3600, max_value=23 * 3600).map(lambda s: timedelta(seconds=s)),
    ),
    st.builds(
        timezone,
        st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timedelta(minutes=m)),
        st.text(min_size=1, max_size=5),
    ),
    st.builds(dtz.tzoffset, st.sampled_from(["EST", "X", None]), st.integers(-50000, 50000)),
    st.timezones(),
)
DATETIMES = st.datetimes(
    min_value=datetime(1971, 1, 2), max_value=datetime(2200, 1, 1), timezones=ZONES, allow_imaginary=False
)
TEXT = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=20)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.binary(max_size=20),
    DATETIMES,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(TEXT, st.just(codec.TAG)), inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_round_trip_is_exact(value: Any) -> None:
    assert same(codec.decode(codec.encode(value)), value) is None


@given(st.dictionaries(st.just(codec.TAG), st.sampled_from(["dt", "map", "bytes"]), min_size=1))
def test_a_real_key_named_like_the_tag_is_not_misread(value: dict[str, str]) -> None:
    assert codec.decode(codec.encode(value)) == value


def test_kinds_stay_apart() -> None:
    value = {"int": 1, "float": 1.0, "bool": True, "none": None, "neg0": -0.0, "big": 2**80}
    back = codec.decode(codec.encode(value))
    assert same(back, value) is None
    assert [type(v) for v in back.values()] == [int, float, bool, type(None), float, int]


def test_large_payloads_are_compressed_and_exact() -> None:
    value = {"HyperParameters": {f"param_{i:05d}": "x" * 40 for i in range(5000)}}
    data = codec.encode(value)
    assert data[:1] == b"z"
    assert len(data) < len(json.dumps(value)) / 10
    assert same(codec.decode(data), value) is None


@pytest.mark.parametrize("data", [b"", b"q{}", b"j{not json", b"z\x00\x01", b'j{"__t":"nope"}'])
def test_foreign_bytes_raise_codec_error(data: bytes) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        codec.encode({"x": object()})


def test_tzlocal_comes_back_in_the_zone_of_the_reading_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tzlocal timestamp cached in Paris prints as a fresh botocore one would in UTC."""
    instant = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        data = codec.encode({"t": instant.astimezone(dtz.tzlocal())})
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        back = codec.decode(data)["t"]
        fresh = datetime.fromtimestamp(instant.timestamp(), dtz.tzlocal())  # what botocore does
        assert back.isoformat() == fresh.isoformat() == "2026-07-01T12:00:00+00:00"
        assert isinstance(back.tzinfo, dtz.tzlocal)
    finally:
        monkeypatch.undo()
        time.tzset()
