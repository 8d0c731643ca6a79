"""A cached answer without boto3: the fast path of ``sagemaker-tui describe`` and ``list``.

The ordinary path (:func:`tui.commands.runner.open_repository`) makes a botocore session and a
SageMaker client before the repository asks the cache: ~250 ms of imports and model loading, for
an answer that then comes out of SQLite in a fraction of a millisecond. This path asks the cache
first, with what can be known without botocore:

* the profile, region and endpoint from :mod:`tui.aws.config_files` (botocore's reading of the
  AWS config files, without botocore), hence the cache context and its scope, exactly as the
  repository would find them (:mod:`tui.cache.scope`);
* the cached DescribeTrainingJob response, and the cache policy's decision on it
  (:func:`tui.cache.policy.decide`): only a copy the repository would serve as it is (no call) is
  answered here;
* for ``list``, a fresh complete listing (:func:`tui.cache.policy.listing_is_fresh`), in the
  service's order (:func:`cached_listing`).

Anything else returns None and the command takes the ordinary path, which then does what it always
did: a cache miss, a copy due for a refresh, a setting only botocore can decide, ``--no-cache``,
``--debug``, a configuration error (reported by the ordinary path, in its words), an unreadable
cache. Offline, the ordinary path imports no boto3 either (the light reader answers there too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from tui.aws.client import VALID_REGION
from tui.aws.config_files import Undecided, resolve
from tui.aws.errors import AwsError
from tui.cache import policy
from tui.cache.scope import Context, endpoint_key, profile_label
from tui.cache.store import CacheError, CacheStore
from tui.clock import SystemClock
from tui.commands.common import connection_options
from tui.commands.runner import warn
from tui.config import ConfigFileError, load_config

if TYPE_CHECKING:
    from tui.aws.jobs import ListFilters
    from tui.cache.scope import Scope

T = TypeVar("T")


def online_context(ns: argparse.Namespace) -> tuple[Context, Any] | None:
    """(the context the repository's client would have, the app config), or None when only the
    ordinary path can tell (or report) it."""
    if ns.offline or ns.no_cache or ns.debug:
        return None
    try:
        config = load_config(ns.config)
        options = connection_options(
            ns, config_profile=config.profile, config_region=config.region, max_attempts=config.max_attempts
        )
        options.validate()
        resolved = resolve(options.profile, options.region, options.endpoint_url)
    except (ConfigFileError, AwsError, Undecided):
        return None
    region = resolved.region
    if region is None or not VALID_REGION.match(region):
        return None
    url = resolved.endpoint_url
    if url is not None and not re.match(r"^https?://[^/\s]", url):
        return None  # botocore's verdict on an odd URL is botocore's to give
    # A context is only ever mapped to a scope after a successful call through it, so a mapped
    # context has a region SageMaker knows (the ordinary path's check_region passed then).
    return Context(profile_label(options), endpoint_key(url), region), config


def _read(
    ns: argparse.Namespace, reader: Callable[[CacheStore, Scope, Any], T]
) -> tuple[T, Any, list[str]] | None:
    """(what ``reader`` found in the scope of this command's context, the app config, the cache's
    notices to say if this path answers), or None: take the ordinary path."""
    found = online_context(ns)
    if found is None:
        return None
    context, config = found
    try:
        store = CacheStore.open_default()
    except (CacheError, sqlite3.Error, OSError):
        return None
    said = list(store.warnings)
    try:
        if said and not store.read_only:
            # A cache moved aside and rebuilt has nothing to serve, and the ordinary path's own
            # opening will not see what happened to it: say it here. A folder that cannot be
            # written gives a memory cache, which the ordinary path's opening meets (and says) again.
            if not store.in_memory:
                for message in said:
                    warn(message)
            return None
        # A file that cannot be written (read-only, disk full) is still read: its notice is said
        # below only if this path answers; otherwise the ordinary path opens it and says it.
        scope = store.scope_for_context(context)
        if scope is None:
            return None
        return reader(store, scope, config), config, said
    except (CacheError, sqlite3.Error):
        return None
    finally:
        store.close()


def cached_describe(ns: argparse.Namespace, name: str) -> dict[str, Any] | None:
    """The response when the repository would serve the cached copy of ``name`` without a call;
    None: take the ordinary path."""
    read = _read(ns, lambda store, scope, _: store.get_describe(scope, name))
    if read is None:
        return None
    item, config, said = read
    if item is None or item.partial:
        return None  # a Search record is never the answer to a describe
    intervals = policy.RefreshIntervals(
        running_job=config.running_job_interval,
        settling_job=config.settling_job_interval,
    )
    action = policy.decide(item.value, item.fetched_at, SystemClock().now(), intervals)
    if action is not policy.Action.SERVE:
        return None
    for message in said:
        warn(message)
    return dict(item.value)


def cached_listing(ns: argparse.Namespace, filters: ListFilters) -> list[dict[str, Any]] | None:
    """The summaries ListTrainingJobs would return now, in its order, when a fresh complete listing
    is cached (:func:`tui.cache.policy.listing_is_fresh`: younger than ``list_interval``); None:
    take the ordinary path. Filters the cache cannot apply exactly as the service does
    (``NameContains``, whose case rule is the service's) and orders it cannot reproduce (by Name or
    Status, whose ties and collation are the service's) take the ordinary path too."""
    from tui.cache.listing import filter_key, matches

    if filters.name_contains is not None or filters.sort_by not in (None, "CreationTime"):
        return None
    key = filter_key(filters)

    def read(store: CacheStore, scope: Scope, config: Any) -> list[dict[str, Any]] | None:
        now = SystemClock().now()
        for candidate in dict.fromkeys((key, "")):  # this filter's own listing, else the whole list
            state = store.listing(scope, candidate)
            if state is not None and policy.listing_is_fresh(state.complete_at, now, config.list_interval):
                return [s for s in store.summaries(scope) if matches(s, filters)]
        return None

    found = _read(ns, read)
    if found is None:
        return None
    items, _, said = found
    if items is None:
        return None
    for message in said:
        warn(message)
    # ListTrainingJobs sorts by CreationTime, Ascending unless told otherwise.
    return sorted(items, key=_created, reverse=filters.sort_order == "Descending")


def _created(summary: dict[str, Any]) -> float:
    value = summary.get("CreationTime")
    if not isinstance(value, dt.datetime):
        return 0.0
    return (value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)).timestamp()


def cached_finished_log(ns: argparse.Namespace, name: str) -> tuple[str, Any] | None:
    """(the job's terminal status, its whole cached log as a ``LogUpdate``) when ``sagemaker-tui
    logs`` would print the cache and make no call: the job's describe is served from the cache
    (:func:`cached_describe`) with a terminal status, and every stream of its log was read to the
    end after it finished. None: take the ordinary path."""
    from tui.aws.statuses import TERMINAL_STATUSES
    from tui.log_repository import LogRepository

    described = cached_describe(ns, name)
    status = str((described or {}).get("TrainingJobStatus", ""))
    if status not in TERMINAL_STATUSES:
        return None

    def read(store: CacheStore, scope: Scope, _: Any) -> tuple[Any, list[str]]:
        logs = LogRepository(None, store, scope=lambda: scope)
        return logs.cached(name), list(logs.cache_warnings)

    found = _read(ns, read)
    if found is None:
        return None
    (update, problems), _, said = found
    if problems or not update.complete:
        return None
    for message in said:
        warn(message)
    return status, update


def cached_metrics(ns: argparse.Namespace, name: str) -> Any | None:
    """The job's final metric series (a ``MetricsSnapshot``) when ``sagemaker-tui metrics`` would
    print the cache and make no call: the describe is served from the cache and the series of the
    finished job are cached (only final series ever are). None: take the ordinary path."""
    from tui.metrics_repository import MetricsRepository

    described = cached_describe(ns, name)
    if described is None:
        return None

    def read(store: CacheStore, scope: Scope, _: Any) -> tuple[Any, list[str]]:
        repository = MetricsRepository(None, store, scope=lambda: scope)
        return repository.cached(described), list(repository.warnings)

    found = _read(ns, read)
    if found is None:
        return None
    (snapshot, problems), _, said = found
    if snapshot is None or problems:
        return None
    for message in said:
        warn(message)
    return snapshot
