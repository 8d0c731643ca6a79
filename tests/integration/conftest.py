"""Fixtures for the fault tests: virtual time, the fault proxy in front of moto, a cache file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.harness import vt  # noqa: F401 - a fixture
from tests.integration.proxy import FaultProxy
from tui.cache.store import CacheStore


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    """A loopback proxy in front of the (freshly reset) moto server."""
    server = FaultProxy(moto_url)
    yield server
    server.close()


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "cache.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[CacheStore]:
    store = CacheStore(cache_path)
    yield store
    store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fault tests measure real timeouts and retries: they run alone (``make unit``)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.serial)
