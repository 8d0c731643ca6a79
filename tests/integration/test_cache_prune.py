"""A complete unfiltered listing makes the cache forget jobs the service no longer lists, and only
those: filtered or unfinished listings, and entries stored since the listing began, are kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import FIXED_NOW
from tests.integration.harness import VirtualTime, client_for, make_fleet
from tests.screens.fakes import summary
from tui.aws.jobs import ListFilters
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.repository import JobRepository

SCOPE = Scope("https://example.invalid", "us-east-1", "123456789012")


def names(store: CacheStore) -> list[str]:
    return sorted(s["TrainingJobName"] for s in store.summaries(SCOPE))


def test_forget_unlisted_keeps_what_was_listed_or_stored_since(cache: CacheStore) -> None:
    listing_began = FIXED_NOW
    cache.put_summaries(SCOPE, [summary("kept"), summary("deleted")], listing_began - timedelta(hours=1))
    cache.put_summaries(SCOPE, [summary("stored-meanwhile")], listing_began + timedelta(seconds=5))
    assert cache.forget_unlisted(SCOPE, ["kept"], fetched_before=listing_began) == 1
    assert names(cache) == ["kept", "stored-meanwhile"]


@pytest.mark.moto_server
def test_only_a_complete_unfiltered_listing_forgets(moto_url: str, cache: CacheStore) -> None:
    from moto.sagemaker.models import sagemaker_backends

    client = client_for(moto_url, VirtualTime())  # the one-per-second floor in virtual time
    fleet = make_fleet(client, 4)
    clock = FixedClock(FIXED_NOW)
    repository = JobRepository(client=client, cache=cache, clock=clock, options=client.options)
    list(repository.list_all())
    del sagemaker_backends["123456789012"]["us-east-1"].training_jobs["job-001"]
    clock.advance(60)

    def cached() -> list[str]:
        found = repository.cached_summaries()
        return sorted(s["TrainingJobName"] for s in (found.value if found else []))

    list(repository.list_all(ListFilters(name_contains="job")))  # filtered: proves nothing
    assert cached() == fleet
    pages = repository.list_pages(page_size=2)
    next(pages)  # stopped after the first page: proves nothing either
    assert cached() == fleet
    list(repository.list_all())
    assert cached() == [name for name in fleet if name != "job-001"]
