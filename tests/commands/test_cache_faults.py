"""Disk and file faults never cost the cache: a full disk, an I/O error, a read-only file or a
folder owned by another user keep the file as it is and say so in one prefixed line; only a file
that fails SQLite's integrity check is moved aside, once, with the reason in words.

A full disk is a real one (a 256 KB tmpfs) where the test may mount one (root on Linux), else an
injected SQLITE_FULL. Root bypasses file permissions, so the foreign-owned folder and the read-only
file are injected (PermissionError, ``os.access``) when the tests run as root.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.commands.clirun import Result, endpoint_args, ours
from tests.commands.fleet import MAXIMAL
from tui.cache import schema
from tui.cache.store import CacheStore

pytestmark = pytest.mark.moto_server

DISK_FULL = "sagemaker-tui: cache: disk full, running without writing\n"


def cache_dir() -> Path:
    return CacheStore.default_path().parent


def leftovers() -> list[str]:
    return sorted(p.name for p in cache_dir().iterdir() if ".corrupt" in p.name)


def describe(capsys: pytest.CaptureFixture[str], fleet: str, *extra: str) -> Result:
    return ours("describe", capsys, "--training-job-name", MAXIMAL, *extra, *endpoint_args(fleet))


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A callable that fills the cache's disk: a real tmpfs when one can be mounted, else
    SQLITE_FULL injected where SQLite would report it; the fixture frees the space afterwards."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    mounted = False
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(directory)],
                              capture_output=True, check=False)
        mounted = done.returncode == 0

    def fill() -> None:
        if mounted:
            try:
                with open(directory / "filler", "wb") as f:
                    while True:
                        f.write(b"\0" * 4096)
                        f.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            return
        real = schema._check_readable

        def full(conn: sqlite3.Connection) -> None:
            real(conn)
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise exc

        monkeypatch.setattr(schema, "_check_readable", full)

    def free() -> None:
        if mounted:
            (directory / "filler").unlink(missing_ok=True)
        else:
            monkeypatch.undo()

    fill.free = free  # type: ignore[attr-defined]
    fill.real = mounted  # type: ignore[attr-defined]
    yield fill
    if mounted:
        subprocess.run(["umount", "-l", str(directory)], check=False)


def test_a_full_disk_keeps_a_good_cache_and_says_so_once(
    fleet: str, capsys: pytest.CaptureFixture[str], full_disk: Any
) -> None:
    online = describe(capsys, fleet, "--output", "json")
    assert online.code == 0 and online.err == ""
    full_disk()
    for _ in range(3):  # every run on the full disk: the cached answer, one line, nothing moved
        offline = describe(capsys, fleet, "--output", "json", "--offline")
        assert (offline.code, offline.out) == (0, online.out)
        assert offline.err == DISK_FULL
        assert leftovers() == []
    full_disk.free()
    again = describe(capsys, fleet, "--output", "json", "--offline")
    assert (again.code, again.out, again.err) == (0, online.out, "")
    assert leftovers() == []
    with CacheStore.open_default() as store:
        assert store.info().entries >= 1  # `cache info` still counts what was cached


def test_disk_full_in_the_middle_of_a_run_stops_writing_with_one_line(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLITE_FULL from SQLite itself (max_page_count caps the file) on a write mid-run."""
    assert ours("list_jobs", capsys, *endpoint_args(fleet), "--max-items", "1").code == 0
    real_connect = schema.connect

    def capped(target: str, *, uri: bool = False) -> sqlite3.Connection:
        conn = real_connect(target, uri=uri)
        if not uri:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(schema, "connect", capped)
    result = describe(capsys, fleet, "--output", "json")  # a large response: new pages needed
    assert result.code == 0 and result.out
    assert result.err == DISK_FULL
    assert leftovers() == []


def test_a_damaged_file_is_moved_aside_once_with_the_reason_in_words(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with CacheStore(path) as store:
        store.put_summaries(
            __import__("tui.cache.scope", fromlist=["Scope"]).Scope("e", "r", "1"),
            [{"TrainingJobName": f"job-{i}", "CreationTime": "2026-01-01T00:00:00Z"} for i in range(400)],
            __import__("datetime").datetime(2026, 1, 1, tzinfo=__import__("datetime").timezone.utc),
        )
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):
        data[offset + 8 : offset + 200] = b"\xff" * 192  # trash the cell pointers of every page but the first
    path.write_bytes(bytes(data))
    with CacheStore(path) as store:
        assert len(store.warnings) == 1
        warning = store.warnings[0]
        assert "***" not in warning and "database main" not in warning
        assert "integrity check" in warning or "damaged" in warning
    with CacheStore(path) as store:  # the new file is fine: nothing more is moved
        assert store.warnings == []
    assert len([p for p in tmp_path.iterdir() if ".corrupt" in p.name and not p.name.endswith("-wal")]) == 1


def test_a_folder_owned_by_another_user_gives_a_memory_cache_and_one_line(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # Root may write anywhere: make the folder nobody's, and inject what a user would get.
        os.chown(directory, 65534, 65534)
        denied = PermissionError(errno.EACCES, "Permission denied", str(directory / "cache.sqlite3"))

        def refuse(_path: Path) -> None:
            raise denied

        monkeypatch.setattr(schema, "secure_file", refuse)
    else:
        directory.chmod(0o500)
    try:
        result = ours("list_jobs", capsys, *endpoint_args(fleet))
        described = describe(capsys, fleet)
    finally:
        directory.chmod(0o700)
    assert result.code == 0 and result.out
    assert result.err.count("\n") == 1 and result.err.startswith("sagemaker-tui: cache: no permission")
    assert "Traceback" not in result.err
    assert described.code == 0


def test_a_read_only_cache_file_is_said_once_with_the_prefix(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ours("list_jobs", capsys, *endpoint_args(fleet)).code == 0  # the cache file exists
    path = CacheStore.default_path()
    path.chmod(0o400)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path and mode & os.W_OK
                        else real_access(p, mode, **kw))
    result = ours("list_jobs", capsys, *endpoint_args(fleet))
    assert result.code == 0
    assert result.err == "sagemaker-tui: cache: read-only file, running without writing\n"
    described = describe(capsys, fleet)
    assert described.err == "sagemaker-tui: cache: read-only file, running without writing\n"


def test_the_tui_says_a_read_only_cache_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import asyncio

    from tests.screens.fakes import FakeRepository, list_app, settle

    path = tmp_path / "cache.sqlite3"
    CacheStore(path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path and mode & os.W_OK
                        else real_access(p, mode, **kw))
    store = CacheStore(path)
    repository = FakeRepository([[[]]])
    repository.cache_warnings.extend(store.warnings)

    async def scenario() -> None:
        app = list_app(repository)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            repository.cache_warnings.append("cache: disk full, running without writing")  # mid-run
            await pilot.pause(2.5)
            messages = [n.message for n in app._notifications]
        assert messages == [
            "cache: read-only file, running without writing",
            "cache: disk full, running without writing",
        ]

    try:
        asyncio.run(scenario())
    finally:
        store.close()
