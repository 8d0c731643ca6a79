"""CacheStore on disk: permissions, schema versions, damaged files, threads, info and clear."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from dateutil.tz import tzlocal

from tests.cache.strict import same
from tui.cache import schema
from tui.cache.scope import Context, Scope
from tui.cache.store import CacheStore

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
SCOPE = Scope("aws", "us-east-1", "111111111111")
OTHER = Scope("aws", "eu-west-1", "111111111111")
DEMO = Scope("http://127.0.0.1:5000", "us-east-1", "123456789012")


def describe(name: str, **extra: Any) -> dict[str, Any]:
    when = NOW.astimezone(tzlocal())
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:111111111111:training-job/{name}",
        "TrainingJobStatus": "Completed",
        "CreationTime": when,
        "ResourceConfig": {"InstanceType": "ml.g5.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50},
        "BillableTimeInSeconds": 120,
        "HyperParameters": {f"h{i}": str(i) for i in range(50)},
        **extra,
    }


def summary(name: str, created: datetime = NOW) -> dict[str, Any]:
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:111111111111:training-job/{name}",
        "CreationTime": created.astimezone(tzlocal()),
        "LastModifiedTime": created.astimezone(tzlocal()),
        "TrainingJobStatus": "Completed",
    }


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "sagemaker-tui" / "cache.sqlite3"


@pytest.fixture
def store(path: Path):
    with CacheStore(path) as opened:
        yield opened


def mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


def test_directory_is_0700_and_files_0600_even_with_a_lax_umask(path: Path) -> None:
    old = os.umask(0)
    try:
        with CacheStore(path) as store:
            store.put_describe(SCOPE, "a", describe("a"), NOW)
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            assert all(f.exists() for f in files)
            assert mode(path.parent) == 0o700
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        os.umask(old)


def test_open_default_uses_the_user_cache_dir_and_tightens_it(tmp_path: Path) -> None:
    expected = Path(os.environ["XDG_CACHE_HOME"]) / "sagemaker-tui" / "cache.sqlite3"
    expected.parent.mkdir(parents=True)
    os.chmod(expected.parent, 0o755)
    with CacheStore.open_default() as store:
        assert store.path == expected
        assert expected.exists()
        assert mode(expected.parent) == 0o700


def test_an_existing_file_with_wide_permissions_is_tightened(path: Path) -> None:
    path.parent.mkdir(parents=True)
    CacheStore(path).close()
    os.chmod(path, 0o644)
    with CacheStore(path):
        assert mode(path) == 0o600


def test_opening_a_second_store_keeps_the_first_ones_locks(path: Path) -> None:
    """Closing any descriptor of a file drops all of this process's POSIX locks on it.

    If opening a store opened the existing database file itself, the connections already open
    in this process would lose their locks, and another process closing its last connection
    would think itself the last one: it would checkpoint and delete the WAL under us (lost
    commits, then a corrupt index; seen in the several-processes test).
    """
    with CacheStore(path) as first:
        first.put_describe(SCOPE, "kept", describe("kept"), NOW)
        wal = Path(f"{path}-wal")
        assert wal.exists()
        with CacheStore(path):
            probe = (
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
                " c.execute('SELECT count(*) FROM describes').fetchone(); c.close()"
            )
            subprocess.run([sys.executable, "-c", probe, str(path)], check=True, timeout=60)
            assert wal.exists(), "another process took itself for the last connection"
            assert first.get_describe(SCOPE, "kept") is not None


def test_describe_round_trip_and_enrichment(store: CacheStore) -> None:
    value = describe("a", WarmPoolStatus={"Status": "Available"})
    store.put_describe(SCOPE, "a", value, NOW)
    item = store.get_describe(SCOPE, "a")
    assert item is not None
    assert same(item.value, value) is None
    assert item.fetched_at == NOW
    assert store.get_describe(OTHER, "a") is None
    info = store.enrichment(SCOPE)
    assert (info["a"].instance_type, info["a"].instance_count, info["a"].billable_seconds) == (
        "ml.g5.2xlarge", 2, 120,
    )
    assert store.enrichment(SCOPE, ["zzz"]) == {}


def test_summaries_newest_first_and_replaced_by_name(store: CacheStore) -> None:
    store.put_summaries(SCOPE, [summary("old", NOW - timedelta(days=2)), summary("new")], NOW)
    changed = summary("old", NOW - timedelta(days=2)) | {"TrainingJobStatus": "Stopped"}
    store.put_summaries(SCOPE, [changed], NOW + timedelta(minutes=1))
    got = store.summaries(SCOPE)
    assert [s["TrainingJobName"] for s in got] == ["new", "old"]
    assert got[1]["TrainingJobStatus"] == "Stopped"
    assert store.newest_summary_at(SCOPE) == NOW + timedelta(minutes=1)
    assert store.summaries(OTHER) == []


def test_listing_marks_only_move_forward(store: CacheStore) -> None:
    store.record_listing(SCOPE, "", NOW, complete=True, high_water=NOW - timedelta(hours=1))
    store.record_listing(SCOPE, "", NOW + timedelta(seconds=15), complete=False, high_water=None)
    state = store.listing(SCOPE, "")
    assert state is not None
    assert state.listed_at == NOW + timedelta(seconds=15)
    assert state.complete_at == NOW
    assert state.high_water == NOW - timedelta(hours=1)
    store.record_listing(SCOPE, "", NOW, complete=False, high_water=NOW - timedelta(hours=2))
    kept = store.listing(SCOPE, "")
    assert kept is not None and kept.high_water == NOW - timedelta(hours=1)
    assert store.latest_listed_at(SCOPE) == NOW + timedelta(seconds=15)
    assert store.listing(SCOPE, '{"status_equals":"Failed"}') is None


def test_contexts_map_to_the_scope_last_seen(store: CacheStore) -> None:
    ctx = Context("prod", "aws", "us-east-1")
    assert store.scope_for_context(ctx) is None
    store.remember_context(ctx, SCOPE, NOW)
    assert store.scope_for_context(ctx) == SCOPE
    store.remember_context(ctx, OTHER, NOW + timedelta(seconds=1))
    assert store.scope_for_context(ctx) == OTHER
    store.remember_context(Context("dev", "aws", "eu-west-1"), OTHER, NOW + timedelta(seconds=2))
    assert store.latest_context() == Context("dev", "aws", "eu-west-1")
    assert store.latest_context(profile="prod") == ctx


def test_info_and_clear(store: CacheStore) -> None:
    store.put_describe(SCOPE, "a", describe("a"), NOW - timedelta(hours=1))
    store.put_summaries(SCOPE, [summary("a"), summary("b")], NOW)
    store.put_describe(OTHER, "c", describe("c"), NOW)
    store.put_describe(DEMO, "d", describe("d"), NOW)
    store.remember_context(Context("default", "aws", "eu-west-1"), OTHER, NOW)
    info = store.info()
    by_scope = {s.scope: s for s in info.scopes}
    assert (by_scope[SCOPE].jobs, by_scope[SCOPE].describes) == (2, 1)
    assert by_scope[SCOPE].oldest == NOW - timedelta(hours=1)
    assert by_scope[SCOPE].newest == NOW
    assert info.entries == 5
    assert info.size_bytes > 0 and info.schema_version == schema.SCHEMA_VERSION

    assert store.clear(region="eu-west-1") == 1
    assert store.get_describe(OTHER, "c") is None
    assert store.scope_for_context(Context("default", "aws", "eu-west-1")) is None
    assert store.clear(scopes=[DEMO]) == 1
    assert store.get_describe(SCOPE, "a") is not None
    assert store.clear() == 3
    assert store.info().scopes == []


def test_threads_share_one_store(store: CacheStore) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(40):
                store.put_describe(SCOPE, f"t{n}-{i}", describe(f"t{n}-{i}"), NOW)
                assert store.get_describe(SCOPE, f"t{n}-{i}") is not None
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.enrichment(SCOPE)) == 8 * 40


# -- schema versions --------------------------------------------------------------------------
def test_a_cache_of_another_version_is_rebuilt_not_misread(path: Path) -> None:
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", describe("a"), NOW)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE future_things (x)")
    conn.commit()
    conn.close()
    with CacheStore(path) as store:
        assert store.warnings == [
            "The cache was written by another version (schema 99); it was rebuilt."
        ]
        assert store.get_describe(SCOPE, "a") is None
        assert store.info().schema_version == schema.SCHEMA_VERSION
        store.put_describe(SCOPE, "a", describe("a"), NOW)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "future_things" not in tables
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()


def test_a_registered_migration_is_used_instead_of_a_rebuild(path: Path, monkeypatch) -> None:
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", describe("a"), NOW)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    steps: list[int] = []
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, lambda c: steps.append(1))
    with CacheStore(path) as store:
        assert steps == [1] and store.warnings == []
        assert store.get_describe(SCOPE, "a") is not None


def test_an_empty_file_becomes_a_fresh_cache_silently(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.touch()
    with CacheStore(path) as store:
        assert store.warnings == []
        store.put_describe(SCOPE, "a", describe("a"), NOW)


# -- damaged files ----------------------------------------------------------------------------
def _fill(path: Path) -> None:
    with CacheStore(path) as store:
        for i in range(30):
            store.put_describe(SCOPE, f"j{i}", describe(f"j{i}"), NOW)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _assert_moved_aside_and_rebuilt(path: Path, store: CacheStore) -> None:
    assert len(store.warnings) == 1
    warning = store.warnings[0]
    assert "\n" not in warning
    assert warning.startswith("The cache file was unreadable (")
    aside = [p for p in path.parent.iterdir() if p.name.startswith("cache.sqlite3.corrupt-")]
    assert len(aside) == 1 and aside[0].name in warning
    assert not store.in_memory
    store.put_describe(SCOPE, "new", describe("new"), NOW)
    assert store.get_describe(SCOPE, "new") is not None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"this is not a database at all" * 100, id="garbage"),
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: data[:4096] + os.urandom(len(data) - 4096), id="pages-overwritten"),
        pytest.param(lambda data: data[:100] + b"\xff" * 4 + data[104:], id="header-damaged"),
    ],
)
def test_a_damaged_file_is_moved_aside_and_rebuilt(path: Path, damage) -> None:
    _fill(path)
    path.write_bytes(damage(path.read_bytes()))
    with CacheStore(path) as store:
        _assert_moved_aside_and_rebuilt(path, store)


def test_an_unopenable_path_is_moved_aside(path: Path) -> None:
    path.mkdir(parents=True)  # a directory where the file should be
    (path / "junk").write_text("x")
    with CacheStore(path) as store:
        _assert_moved_aside_and_rebuilt(path, store)


def test_when_nothing_on_disk_works_a_memory_cache_keeps_the_app_going(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with CacheStore(blocker / "cache.sqlite3") as store:
        assert store.in_memory
        assert store.warning is not None and "memory cache" in store.warning
        store.put_describe(SCOPE, "a", describe("a"), NOW)
        got: list[Any] = []
        t = threading.Thread(target=lambda: got.append(store.get_describe(SCOPE, "a")))
        t.start()
        t.join()
        assert got[0] is not None  # other threads see the same memory database
        assert store.info().in_memory


def test_a_cache_failing_mid_run_raises_cache_error(path: Path) -> None:
    from tui.cache.store import CacheError

    store = CacheStore(path)
    store.close()
    with pytest.raises(CacheError):
        store.get_describe(SCOPE, "a")


def test_a_file_system_without_wal_keeps_the_file_and_uses_memory(path: Path, monkeypatch) -> None:
    with CacheStore(path) as store:
        store.put_describe(SCOPE, "a", describe("a"), NOW)
    real = schema.ensure_schema

    def no_wal(conn: sqlite3.Connection, *, wal: bool = True) -> str | None:
        if wal:
            raise schema.UnsupportedCache("the file system does not support WAL mode (got delete)")
        return real(conn, wal=False)

    monkeypatch.setattr(schema, "ensure_schema", no_wal)
    with CacheStore(path) as store:
        assert store.in_memory
        assert store.warnings == [
            "The cache is unavailable: the file system does not support WAL mode (got delete); "
            "using a memory cache for this run."
        ]
    assert [p.name for p in path.parent.iterdir() if "corrupt" in p.name] == []
    monkeypatch.undo()
    with CacheStore(path) as store:
        assert store.get_describe(SCOPE, "a") is not None
