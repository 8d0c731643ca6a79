"""Fuzz: responses drawn from botocore's service model, through every layer the app has.

DescribeTrainingJob and ListTrainingJobs responses (:mod:`tests.strategies`: any subset of the
model's members, unicode and control characters, very long strings, enum values the model does not
know yet, extreme integers, NaN and infinite floats, datetimes in several zones) are

1. put on the wire as SageMaker's JSON protocol would send them (with the members the model says
   are required: the data layer rejects an answer without them as cut off) and parsed by botocore
   through the app's own client (``build_client``) and data layer (``describe_training_job``, paged listing),
   then through the repository into a real SQLite cache;
2. written to the cache and read back: the round-trip is exact (same types, key order, float bits,
   instants *and* kinds of timezone), both for drawn values and for what botocore parsed;
3. turned into list rows and every list cell, and printed by the ``describe`` command's formatters;
4. shown by the app, offline from that cache: the list screen (every sort, filters, keys) and the
   detail screen (all seven tabs). No exception anywhere, and nothing silently dropped: the list
   shows every job, the detail screen shows the job.

``tests/screens/test_job_detail_fuzz.py`` drives the detail screen harder (5,000 hyperparameters,
500 transitions, narrow terminal); here the point is the whole path through the real cache.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import math
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW
from tests.faults import FaultInjector
from tests.hostile import leaked, terminal_stream
from tests.strategies import describe_responses, error_messages, output_shape, training_job_summaries
from tui.app import SageMakerTUI
from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.aws.jobs import describe_training_job
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.models.columns import COLUMN_KEYS
from tui.models.list_view import SORT_COLUMNS, JobListModel, LocalFilter, SortSpec
from tui.models.summary import cell_text, row_from_summary
from tui.output.formatters import OutputOptions, write_response
from tui.output.normalize import to_cli_data
from tui.repository import JobRepository
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings

ENDPOINT = "https://fuzz.invalid"
OPTIONS = ConnectionOptions(
    region="us-east-1",
    endpoint_url=ENDPOINT,
    static_credentials=("AKIDFUZZ", "secret"),
    max_attempts=1,
    list_min_interval=0.0,
)
ACCOUNT = "123456789012"
NAME = "fuzzed-job"

QUICK = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
#: Five formats (yaml through ruamel, table through Rich) for each example.
FORMATS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
#: Each example runs the app (~2 s with its key presses): few of them. The pure tests above draw
#: far more rows, and tests/screens/test_job_detail_fuzz.py far bigger detail responses.
APP = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))


# -- the wire -------------------------------------------------------------------------------------
def to_wire(value: Any, shape: Any) -> Any:
    """What SageMaker's JSON protocol sends for ``value``: timestamps as epoch seconds, blobs in
    base64 (botocore parses these back)."""
    kind = shape.type_name
    if kind == "structure":
        return {k: to_wire(v, shape.members[k]) for k, v in value.items()}
    if kind == "list":
        return [to_wire(v, shape.member) for v in value]
    if kind == "map":
        return {k: to_wire(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        return value.timestamp()
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> Iterator[bytes]:
        yield self._body

    def read(self, *_: Any, **__: Any) -> bytes:
        return self._body


def answer(operation: str, data: dict[str, Any]) -> AWSResponse:
    body = json.dumps(to_wire(data, output_shape(operation)), allow_nan=True).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fuzz"}
    return AWSResponse(ENDPOINT, 200, headers, _Raw(body))


class Wire:
    """The app's client, its requests answered in-process (through botocore's real parser) with
    ``describe`` and the list ``pages`` (page n carries NextToken ``page-n+1``). One client for
    every example: building a boto3 session costs ~0.1 s."""

    def __init__(self) -> None:
        self.describe: dict[str, Any] | None = None
        self.pages: list[list[Any]] = [[]]
        self.client = build_client(OPTIONS)
        self.injector = FaultInjector(self._plan).attach(self.client.raw)

    def serve(
        self, describe: dict[str, Any] | None = None, pages: list[list[Any]] | None = None
    ) -> SageMakerClient:
        self.describe, self.pages = describe, pages or [[]]
        self.injector.seen.clear()  # page numbers count from this call on
        self.client.counter.reset()
        return self.client

    def _plan(self, operation: str, n: int) -> AWSResponse | None:
        if operation == "DescribeTrainingJob" and self.describe is not None:
            return answer(operation, self.describe)
        if operation == "ListTrainingJobs":
            index = min(n, len(self.pages)) - 1
            page: dict[str, Any] = {"TrainingJobSummaries": self.pages[index]}
            if index + 1 < len(self.pages):
                page["NextToken"] = f"page-{index + 2}"
            return answer(operation, page)
        raise AssertionError(f"unexpected call {operation}")


_WIRE: list[Wire] = []


def wire_client(
    describe: dict[str, Any] | None = None, pages: list[list[Any]] | None = None
) -> SageMakerClient:
    if not _WIRE:
        _WIRE.append(Wire())
    return _WIRE[0].serve(describe, pages)


# -- exact equality -------------------------------------------------------------------------------
def same(a: Any, b: Any, path: str = "$") -> None:
    """``a`` and ``b`` are indistinguishable: types, key order, float bits, instant and zone kind."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert repr(a) == repr(b) or (math.isnan(a) and math.isnan(b)), f"{path}: {a!r} != {b!r}"
    elif isinstance(a, datetime):
        assert a == b and a.utcoffset() == b.utcoffset(), f"{path}: {a!r} != {b!r}"
        assert type(a.tzinfo) is type(b.tzinfo), f"{path}: zone {a.tzinfo!r} != {b.tzinfo!r}"
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@contextmanager
def store() -> Iterator[CacheStore]:
    with tempfile.TemporaryDirectory() as folder:
        cache = CacheStore(Path(folder) / "cache.sqlite3")
        try:
            yield cache
        finally:
            cache.close()


SCOPE = Scope(ENDPOINT, "us-east-1", ACCOUNT)


def arn(name: str) -> str:
    return f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:training-job/{name}"


def with_arn(summary: dict[str, Any]) -> dict[str, Any]:
    """One account, so every job lands in the scope the offline app reads (others are elsewhere
    by design: see tui.cache.scope)."""
    return {**summary, "TrainingJobArn": arn(summary["TrainingJobName"])}


summary_lists = st.lists(
    training_job_summaries().map(with_arn), max_size=25, unique_by=lambda s: s["TrainingJobName"]
)


# -- 1-3: data layer, cache, models and formatters ----------------------------------------------
@QUICK
@given(describe_responses(big=False, required=True))
def test_describe_through_the_wire_the_repository_and_the_cache(raw: dict[str, Any]) -> None:
    parsed = describe_training_job(wire_client(describe=raw), NAME)
    assert set(parsed) == set(raw)  # nothing lost or invented by botocore's parser or by us
    with store() as cache:
        client = wire_client(describe=raw)
        repository = JobRepository(client, cache, FixedClock(FIXED_NOW), options=OPTIONS)
        fetched = repository.describe(NAME)
        cached = repository.cached_describe(NAME)
        assert cached is not None
        same(fetched.value, cached.value)  # exact, tzlocal() datetimes included
        assert repository.counter.count("DescribeTrainingJob") == 1


@QUICK
@given(describe_responses(), summary_lists)
def test_cache_round_trip_is_exact(raw: dict[str, Any], summaries: list[dict[str, Any]]) -> None:
    with store() as cache:
        cache.put_describe(SCOPE, NAME, raw, FIXED_NOW)
        item = cache.get_describe(SCOPE, NAME)
        assert item is not None
        same(raw, item.value)
        assert item.fetched_at == FIXED_NOW
        cache.put_summaries(SCOPE, summaries, FIXED_NOW)
        back = {s["TrainingJobName"]: s for s in cache.summaries(SCOPE)}
        assert sorted(back) == sorted(s["TrainingJobName"] for s in summaries)
        for summary in summaries:
            same(summary, back[summary["TrainingJobName"]])


@QUICK
@given(summary_lists)
def test_list_pages_through_the_wire_into_rows_and_cells(summaries: list[dict[str, Any]]) -> None:
    half = len(summaries) // 2
    with store() as cache:
        client = wire_client(pages=[summaries[:half], summaries[half:]])
        repository = JobRepository(client, cache, FixedClock(FIXED_NOW), options=OPTIONS)
        listed = [s for page in repository.list_all() for s in page]
        assert [s["TrainingJobName"] for s in listed] == [s["TrainingJobName"] for s in summaries]
        cached = repository.cached_summaries()
        assert cached is not None and len(cached.value) == len(summaries)
    now = FIXED_NOW.timestamp()
    rows = [row_from_summary(summary) for summary in listed]
    for row, summary in zip(rows, listed, strict=True):
        assert row.name == summary["TrainingJobName"]
        for column in COLUMN_KEYS:  # the row's own cells (TAGS and OBJECTIVE are filled by the table)
            for absolute in (False, True):
                assert isinstance(cell_text(row, column, now, absolute=absolute, zone=None), str)
    # What the screen does with them: every sort, both ways, and filters (text taken from a name).
    view = JobListModel()
    view.merge(rows)
    for column in SORT_COLUMNS:
        for descending in (False, True):
            view.set_sort(SortSpec(column, descending))
            assert len(view.update(now)) == len(rows)
    text = (rows[0].name[:3] if rows else "x").lstrip("~") or "x"  # a leading ~ means a regex
    for spec in (LocalFilter(text=text), LocalFilter(text="~" + re.escape(text)), LocalFilter(warm_pool="*")):
        view.set_filter(spec)
        shown = view.update(now)
        if spec.text == text:
            assert all(text.casefold() in r.name.casefold() for r in shown)
        if spec.text and rows and rows[0].name.lstrip("~").startswith(text):
            assert rows[0] in shown


@FORMATS
@given(describe_responses(big=False))
def test_describe_command_formatters_print_any_response(raw: dict[str, Any]) -> None:
    data = to_cli_data(raw, output_shape("DescribeTrainingJob"))
    for output in ("json", "text", "table", "yaml", "yaml-stream"):
        out = io.StringIO()
        options = OutputOptions(output=output, color="off", title="DescribeTrainingJob", width=100)
        write_response(data, options, out)
        if output == "json" and data:  # the AWS CLI prints nothing for an empty response
            assert list(json.loads(out.getvalue())) == list(data)  # the others: test_output_units


# -- 4: the screens, offline from the cache -------------------------------------------------------
def offline_app(cache: CacheStore) -> SageMakerTUI:
    clock = FixedClock(FIXED_NOW)
    repository = JobRepository(None, cache, clock, options=OPTIONS)
    settings_ = RunSettings(profile_label="fuzz", location_label="us-east-1", offline=True, live=False)
    return SageMakerTUI(repository, settings=settings_, clock=clock)


def fill(cache: CacheStore, describe: dict[str, Any] | None, summaries: list[dict[str, Any]]) -> None:
    """Through the online repository (the wire), as a previous run would have left the cache."""
    client = wire_client(describe=describe, pages=[summaries])
    repository = JobRepository(client, cache, FixedClock(FIXED_NOW), options=OPTIONS)
    for _page in repository.list_all():
        pass
    if describe is not None:
        repository.describe(NAME)


def assert_nothing_raw(app: SageMakerTUI, where: str) -> None:
    """No ESC/OSC/BEL, C1 control, bidi override or zero-width mark from the data on the terminal."""
    found = leaked(terminal_stream(app))
    assert not found, f"{where}: {found!r} reached the terminal"


async def visit_list(cache: CacheStore, expected: int) -> None:
    app = offline_app(cache)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        assert screen.state.problem is None, screen.state.error
        assert len(screen.model.rows) == expected
        # Every sort column (paints each order), time display, status and warm-pool filters, a bad
        # regular expression (~[) then a plain filter, cleared; jumps and copies. ~60 ms per key.
        keys = ["s"] * len(COLUMN_KEYS) + ["S", "t", "1", "3", "5", "w", "w"]
        keys += ["slash", "~", "[", "backspace", "backspace", "a", "enter", "escape", "G", "y", "Y"]
        await pilot.press(*keys)
        await pilot.pause()
        assert len(screen.model.rows) == expected
        assert_nothing_raw(app, "list")  # the cells, and the copy notifications (y, Y)


async def visit_detail(cache: CacheStore) -> None:
    app = offline_app(cache)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        app.open_job(NAME)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobDetailScreen)
        assert screen.view is not None  # loaded from the cache, not failed
        for key in ("2", "3", "4", "5", "6", "7", "v", "1"):
            await pilot.press(key)
            await pilot.pause()
            assert_nothing_raw(app, f"detail after {key!r}")
        await app.workers.wait_for_complete()
        await pilot.pause()


@APP
@given(summary_lists)
def test_list_screen_shows_any_listing_from_the_cache(summaries: list[dict[str, Any]]) -> None:
    with store() as cache:
        fill(cache, None, summaries)
        asyncio.run(visit_list(cache, len(summaries)))


@APP
@given(describe_responses(big=False, required=True))
def test_every_detail_tab_shows_any_cached_response(raw: dict[str, Any]) -> None:
    with store() as cache:
        fill(cache, raw, [])
        asyncio.run(visit_detail(cache))


# -- 5: service error messages (AWS echoes input in them) on every surface -----------------------
def error_answer(operation: str, code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fuzz"}
    return AWSResponse(ENDPOINT, 400, headers, _Raw(body))


async def show_errors(message: str) -> None:
    client = build_client(OPTIONS)
    FaultInjector(lambda operation, _n: error_answer(operation, "ValidationException", message)).attach(
        client.raw
    )
    repository = JobRepository(client, None, FixedClock(FIXED_NOW), options=OPTIONS)
    settings_ = RunSettings(profile_label="fuzz", location_label="us-east-1", live=False)
    app = SageMakerTUI(repository, settings=settings_, clock=FixedClock(FIXED_NOW))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        assert screen.state.problem is not None  # the listing failed with the message
        assert_nothing_raw(app, "list message line")
        app.open_job(NAME)  # the describe fails too: the detail placeholder
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, JobDetailScreen)
        assert_nothing_raw(app, "detail placeholder")
        assert app.is_running


@APP
@given(error_messages())
def test_any_service_error_message_is_shown_as_text(message: str) -> None:
    asyncio.run(show_errors(message))


@FORMATS
@given(error_messages())
def test_any_service_error_message_is_one_visible_block_on_stderr(message: str) -> None:
    import contextlib
    import sys

    from tui.aws.errors import ServiceError
    from tui.commands.runner import report

    error = ServiceError(message, code="ValidationException", message=message, operation="ListTrainingJobs")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert report(error) == 254
    assert not leaked(err.getvalue())
    assert sys.stderr is not err
