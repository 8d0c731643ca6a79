"""Switching the app's context (profile, region) in place: a new repository over the same cache.

Blocking (STS, the config files): call from a worker. The new repository shares the cache store,
clock and intervals of the one it replaces; its scope is learnt from its own client (context =
profile, endpoint, region; see :mod:`tui.cache.scope`), so the new context's cached list is drawn
at once and nothing of the previous scope leaks into it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tui.aws.client import ConnectionOptions
from tui.aws.contexts import Opened, caller_account, open_context
from tui.aws.errors import AwsError
from tui.cache.scope import AWS_ENDPOINT, endpoint_key
from tui.regions import regions_label, split_regions
from tui.repository import JobRepository


@dataclass(frozen=True)
class Switched:
    """The repository of the new context and what the header says of it."""

    repository: JobRepository
    profile_label: str
    location_label: str
    account: str


def sts_endpoint(options: ConnectionOptions) -> str | None:
    """Where STS is asked: botocore's own STS endpoint (or the user's ``AWS_ENDPOINT_URL_STS``),
    except when the SageMaker endpoint is not AWS's own (the demo fleet, moto, a local proxy):
    that server answers every service the app calls, STS included."""
    if os.environ.get("AWS_ENDPOINT_URL_STS"):
        return None
    if options.endpoint_url and endpoint_key(options.endpoint_url) != AWS_ENDPOINT:
        return options.endpoint_url
    return None


def repository_for(opened: Opened, like: JobRepository) -> JobRepository:
    """The repository of ``opened``: its client, ``like``'s cache store, clock and intervals."""
    return JobRepository(
        client=opened.client,
        cache=like.cache,
        clock=like.clock,
        intervals=like.intervals,
        options=opened.options,
    )


def switch_context(
    current: JobRepository, base: ConnectionOptions, profile: str | None, region: str | None
) -> Switched:
    """Open ``profile`` in ``region`` (None: keep that part; ``a,b``: several regions in one list)
    on top of ``base``'s settings.

    Raises :class:`~tui.aws.errors.AwsError` (one line) when it does not work; ``current`` is
    untouched either way.
    """
    regions = split_regions(region)
    opened = open_context(base, profile, regions[0] if regions else None, sts_endpoint)
    repository = repository_for(opened, current)
    location = opened.location_label
    if len(regions) > 1:  # several regions in one list: the others share the profile just checked
        from tui.multi_region import several_regions  # only for several regions: it is not light

        repository = several_regions(repository, regions)
        location = regions_label(regions, location)
    return Switched(repository, opened.profile_label, location, opened.account)


def account_of(repository: JobRepository) -> str:
    """The account the repository reads: from the ARNs it has seen or cached (no call), else STS
    GetCallerIdentity (one call); "" offline, or when STS cannot say."""
    try:
        scope = repository.current_scope()
    except Exception:  # a broken cache has its own warning; the header just lacks the account
        scope = None
    if scope is not None and scope.account:
        return scope.account
    client = repository.client
    if client is None:
        return ""
    try:
        options = client.options
        return caller_account(options, endpoint_url=sts_endpoint(options), counter=client.counter)
    except AwsError:
        return ""
