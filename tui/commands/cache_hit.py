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

from tui.aws.client import VALID_REGION, endpoints_configured
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
    ordinary path can tell (or report) it.

    ``--offline``: the context the offline repository reads (:func:`tui.cache.scope.context_for`
    without a client: the endpoint from the options and the environment only), so a profile that
    configures endpoints, where the two could differ, takes the ordinary path."""
    if ns.no_cache or ns.debug:
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
    if ns.offline and endpoints_configured(resolved.scoped):
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
    if ns.offline:
        return None  # the ordinary offline path serves any cached copy (and imports no boto3 either)
    read = _read(ns, lambda store, scope, config: _served_describe(store, scope, config, name))
    if read is None or read[0] is None:
        return None
    item, _, said = read
    for message in said:
        warn(message)
    return item


def _served_describe(store: CacheStore, scope: Scope, config: Any, name: str) -> dict[str, Any] | None:
    """The cached describe of ``name`` when the cache policy serves it as it is (no call)."""
    item = store.get_describe(scope, name)
    if item is None or item.partial:
        return None  # a Search record is never the answer to a describe
    intervals = policy.RefreshIntervals(
        running_job=config.running_job_interval,
        settling_job=config.settling_job_interval,
    )
    action = policy.decide(item.value, item.fetched_at, SystemClock().now(), intervals)
    if action is not policy.Action.SERVE:
        return None
    return dict(item.value)


def cached_listing(ns: argparse.Namespace, filters: ListFilters) -> list[dict[str, Any]] | None:
    """The summaries ListTrainingJobs would return now, in its order, when a fresh complete listing
    is cached (:func:`tui.cache.policy.listing_is_fresh`: younger than ``list_interval``); None:
    take the ordinary path. Filters the cache cannot apply exactly as the service does
    (``NameContains``, whose case rule is the service's) and orders it cannot reproduce (by Name or
    Status, whose ties and collation are the service's) take the ordinary path too.

    ``--offline``: the cached list whatever its age, filtered as the offline repository does
    (:meth:`tui.repository.JobRepository.cached_summaries`), in the service's order as nearly as
    the cache can tell (:func:`service_order`); None when nothing is cached for the context (the
    ordinary path says so)."""
    from tui.cache.listing import filter_key, matches

    inexact = filters.name_contains is not None or filters.sort_by not in (None, "CreationTime")
    if inexact and not ns.offline:
        return None
    key = filter_key(filters)

    def read(store: CacheStore, scope: Scope, config: Any) -> list[dict[str, Any]] | None:
        if ns.offline:
            listed = store.listing(scope, key) or store.listing(scope, "")
            items = store.summaries(scope)
            if listed is None and not items:
                return None
            return [s for s in items if matches(s, filters)]
        now = SystemClock().now()
        for candidate in dict.fromkeys((key, "")):  # this filter's own listing, else the whole list
            state = store.listing(scope, candidate)
            if state is not None and policy.listing_is_fresh(state.complete_at, now, config.list_interval):
                return [s for s in store.summaries(scope) if matches(s, filters)]
        return None

    items = _answer(_read(ns, read))
    return None if items is None else service_order(items, filters)


#: ListTrainingJobs' SortBy values, as the key each sorts cached summaries by.
_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "Name": lambda s: str(s.get("TrainingJobName", "")),
    "Status": lambda s: str(s.get("TrainingJobStatus", "")),
}


def service_order(items: list[dict[str, Any]], filters: ListFilters) -> list[dict[str, Any]]:
    """``items`` in ListTrainingJobs' order: by CreationTime unless ``SortBy`` says Name or Status,
    Ascending unless ``SortOrder`` says Descending (ties by creation, in the same direction). The
    cache keeps newest-first; by Name and Status the service's collation is its own (offline only)."""
    descending = filters.sort_order == "Descending"
    ordered = sorted(items, key=_created, reverse=descending)
    by = _SORT_KEYS.get(filters.sort_by or "")
    return ordered if by is None else sorted(ordered, key=by, reverse=descending)


def _created(summary: dict[str, Any]) -> float:
    value = summary.get("CreationTime")
    if not isinstance(value, dt.datetime):
        return 0.0
    return (value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)).timestamp()


def cached_finished_log(ns: argparse.Namespace, name: str) -> tuple[str, Any] | None:
    """(the job's terminal status, its whole cached log as a ``LogUpdate``) when ``sagemaker-tui
    logs`` would print the cache and make no call: the job's describe is served from the cache
    (as by :func:`cached_describe`) with a terminal status, and every stream of its log was read to
    the end after it finished. None: take the ordinary path. One opening of the cache for both."""
    from tui.aws.statuses import TERMINAL_STATUSES
    from tui.log_repository import LogRepository

    def read(store: CacheStore, scope: Scope, config: Any) -> tuple[str, Any] | None:
        described = _served_describe(store, scope, config, name)
        status = str((described or {}).get("TrainingJobStatus", ""))
        if status not in TERMINAL_STATUSES:
            return None
        logs = LogRepository(None, store, scope=lambda: scope)
        update = logs.cached(name)
        if logs.cache_warnings or not update.complete:
            return None
        return status, update

    return _answer(_read(ns, read))


def cached_metrics(ns: argparse.Namespace, name: str) -> Any | None:
    """The job's final metric series (a ``MetricsSnapshot``) when ``sagemaker-tui metrics`` would
    print the cache and make no call: the describe is served from the cache and the series of the
    finished job are cached (only final series ever are). None: take the ordinary path. One
    opening of the cache for both."""
    from tui.metrics_repository import MetricsRepository

    def read(store: CacheStore, scope: Scope, config: Any) -> Any | None:
        described = _served_describe(store, scope, config, name)
        if described is None:
            return None
        repository = MetricsRepository(None, store, scope=lambda: scope)
        snapshot = repository.cached(described)
        return None if repository.warnings else snapshot

    return _answer(_read(ns, read))


def _answer(found: tuple[T | None, Any, list[str]] | None) -> T | None:
    """What a reader found, its cache notices said once; None (nothing said): the ordinary path."""
    if found is None or found[0] is None:
        return None
    answer, _, said = found
    for message in said:
        warn(message)
    return answer
