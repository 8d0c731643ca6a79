"""The one door to training-job logs: the cache first, then CloudWatch Logs (blocking; call it from
a worker or a headless command).

Per job it keeps a cursor per stream (the forward token to resume from). :meth:`LogRepository.cached`
answers from the cache alone, at once: a finished job read to the end before costs no call at all,
a running job's cached part is shown and :meth:`LogRepository.poll` resumes from its token.
:meth:`poll` rediscovers streams when asked (a spot restart or a new host starts a new stream), reads
every unfinished stream forward to its end for now, stores what it read, and returns the new events
merged by time. Errors (missing log group, AccessDenied, throttling) come back in the update, with
whatever was read before them, never raised: a log view shows them as one line and goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tui.aws.errors import AwsError
from tui.aws.logs import (
    MAX_EVENTS_PER_CALL,
    LogEvent,
    LogGroupNotFoundError,
    LogsClient,
    LogStream,
    host_order,
    merge_events,
    parse_stream_name,
)
from tui.cache.log_store import LogStore
from tui.cache.scope import Scope
from tui.cache.store import CacheError, CacheStore
from tui.clock import Clock, SystemClock
from tui.log import logger

log = logger(__name__)

#: A page this much under GetLogEvents' 1 MB answer, and under its event count, is taken as the
#: stream's end for now while the job runs (saves the confirming empty call every poll). A finished
#: job's stream is marked complete only on the service's own end signal (the token repeated).
SHORT_PAGE_BYTES = 512 * 1024


@dataclass
class _Cursor:
    stream: LogStream
    token: str | None = None
    complete: bool = False
    #: Read from the head (so what is read may be appended to the cache).
    from_head: bool = True
    #: Read from the tail (:meth:`LogRepository.tail`): the backward token for older lines, None
    #: once the head is reached.
    back: str | None = None


@dataclass(frozen=True)
class LogUpdate:
    """What one read brought: new events (merged by time) and the state of the job's streams."""

    events: list[LogEvent]
    streams: list[LogStream]
    new_streams: list[str] = field(default_factory=list)
    requests: int = 0
    #: Every stream read to its end (for now).
    at_end: bool = True
    #: The job finished and every stream was read to its end: nothing more will come.
    complete: bool = False
    from_cache: bool = False
    error: AwsError | None = None
    #: Only the newest cached lines of each stream (``cached(newest=…)``): more are cached.
    truncated: bool = False

    @property
    def hosts(self) -> list[str]:
        return sorted({s.host for s in self.streams}, key=host_order)


@dataclass
class LogRepository:
    """Cache + CloudWatch Logs for job logs. ``client`` None = offline; ``cache`` None = --no-cache;
    ``scope`` gives the cache scope (the SageMaker repository's, known once a job was described)."""

    client: LogsClient | None
    cache: CacheStore | None = None
    scope: Callable[[], Scope | None] = lambda: None
    clock: Clock = field(default_factory=SystemClock)
    #: Epoch ms: read only events from then on (not cached: the cache holds streams from the head).
    start_time: int | None = None
    cache_warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._store = LogStore(self.cache) if self.cache is not None else None
        self._jobs: dict[str, dict[str, _Cursor]] = {}

    @property
    def offline(self) -> bool:
        return self.client is None

    def streams(self, job: str) -> list[LogStream]:
        return [c.stream for c in self._cursors(job).values()]

    def _cursors(self, job: str) -> dict[str, _Cursor]:
        return self._jobs.setdefault(job, {})

    # -- the cache ----------------------------------------------------------------------------
    def cached(self, job: str, *, newest: int | None = None) -> LogUpdate:
        """The cached log at once, zero calls (``newest``: at least the newest lines per stream)."""
        cursors = self._cursors(job)
        scope = self._scope()
        if self._store is None or scope is None or self.start_time is not None:
            return LogUpdate([], self.streams(job), from_cache=True, at_end=False)
        try:
            rows = self._store.streams(scope, job)
            per_stream = []
            truncated = False
            for row in rows:
                _, started = parse_stream_name(job, row.stream)
                cursors[row.stream] = _Cursor(LogStream(row.stream, row.host, started), row.forward_token,
                                              row.complete)
                events = self._store.events(scope, job, row.stream, newest=newest)
                truncated = truncated or len(events) < row.events
                per_stream.append([LogEvent(ts, row.host, msg, row.stream) for ts, msg in events])
        except CacheError as exc:
            self._cache_failed(exc)
            return LogUpdate([], self.streams(job), from_cache=True, at_end=False)
        complete = bool(rows) and all(row.complete for row in rows)
        return LogUpdate(merge_events(per_stream), self.streams(job), from_cache=True, at_end=complete,
                         complete=complete, truncated=truncated)

    def cached_beyond(
        self, job: str, *, before: int | None = None, after: int | None = None, limit: int
    ) -> LogUpdate:
        """Cached events just before (or after) a time, across the job's streams, at most ``limit``
        (the lines a log view dropped past its in-memory cap, read back when scrolled to). Lines that
        share the edge's millisecond with a held line are not repeated (nor read back)."""
        scope = self._scope()
        if self._store is None or scope is None:
            return LogUpdate([], self.streams(job), from_cache=True, at_end=False)
        try:
            per_stream = []
            for row in self._store.streams(scope, job):
                events = self._store.events_beyond(scope, job, row.stream, before=before, after=after,
                                                   limit=limit)
                per_stream.append([LogEvent(ts, row.host, msg, row.stream) for ts, msg in events])
        except CacheError as exc:
            self._cache_failed(exc)
            return LogUpdate([], self.streams(job), from_cache=True, at_end=False)
        merged = merge_events(per_stream)
        merged = merged[-limit:] if before is not None else merged[:limit]
        return LogUpdate(merged, self.streams(job), from_cache=True)

    def is_complete(self, job: str) -> bool:
        cursors = self._cursors(job)
        return bool(cursors) and all(c.complete for c in cursors.values())

    def _scope(self) -> Scope | None:
        try:
            return self.scope()
        except Exception:  # the scope is a cache matter: without it, nothing is cached
            log.exception("log cache scope")
            return None

    def _cache_failed(self, exc: CacheError) -> None:
        warning = f"The log cache failed ({exc}); carrying on without it."
        if warning not in self.cache_warnings:
            self.cache_warnings.append(warning)
        self._store = None

    # -- the service --------------------------------------------------------------------------
    def poll(self, job: str, *, finished: bool, discover: bool = True) -> LogUpdate:
        """Read what is new. ``finished``: the job has reached a terminal status (so a stream read to
        its end is complete); ``discover``: list the streams again first."""
        cursors = self._cursors(job)
        if self.client is None or (cursors and all(c.complete for c in cursors.values())):
            complete = self.is_complete(job)
            return LogUpdate([], self.streams(job), at_end=True, complete=complete)
        requests = 0
        new: list[str] = []
        error: AwsError | None = None
        per_stream: list[list[LogEvent]] = []
        at_end = True
        try:
            if discover or not cursors:
                requests += 1
                try:
                    listed = self.client.streams(job)
                except LogGroupNotFoundError:
                    if cursors:
                        raise
                    listed = []  # no job has logged yet here: the same as no stream yet
                for stream in listed:
                    if stream.name not in cursors:
                        cursors[stream.name] = _Cursor(stream, from_head=self.start_time is None)
                        new.append(stream.name)
            for cursor in sorted(cursors.values(), key=lambda c: (host_order(c.stream.host), c.stream.name)):
                if cursor.complete:
                    continue
                events, calls, ended = self._read(job, cursor, finished=finished)
                requests += calls
                at_end = at_end and ended
                per_stream.append(events)
        except AwsError as exc:
            error = exc
            at_end = False
        streams = self.streams(job)
        complete = finished and error is None and bool(cursors) and all(c.complete for c in cursors.values())
        return LogUpdate(merge_events(per_stream), streams, new, requests, at_end, complete, error=error)

    def _read(self, job: str, cursor: _Cursor, *, finished: bool) -> tuple[list[LogEvent], int, bool]:
        """Read one stream forward to its end for now; store what came; (events, calls, at end)."""
        assert self.client is not None
        events: list[LogEvent] = []
        calls = 0
        ended = False
        try:
            while True:
                # startTime goes with every page: tokens are positions within what it selects.
                page = self.client.events(
                    cursor.stream, token=cursor.token, from_head=True, start_time=self.start_time
                )
                calls += 1
                sent = cursor.token
                cursor.token = page.forward_token or cursor.token
                events.extend(page.events)
                if page.at_end or not page.events or page.forward_token == sent:
                    ended = True
                    break
                if not finished and _short(page.events):
                    ended = True
                    break
        finally:
            if ended and finished:
                cursor.complete = True
            self._store_read(job, cursor, events)
        return events, calls, ended

    def _store_read(self, job: str, cursor: _Cursor, events: list[LogEvent]) -> None:
        if self._store is None or not cursor.from_head or self.start_time is not None:
            return
        scope = self._scope()
        if scope is None:
            return
        try:
            self._store.append(
                scope, job, cursor.stream.name, cursor.stream.host,
                [(e.timestamp, e.message) for e in events],
                forward_token=cursor.token, complete=cursor.complete, at=self.clock.now(),
            )
        except CacheError as exc:
            self._cache_failed(exc)

    def tail(self, job: str, *, lines: int = 500) -> LogUpdate:
        """The newest ``lines`` of each stream not read yet (GetLogEvents backwards), so a long
        running log opens at once; :meth:`poll` then follows from there and :meth:`older` reads
        history. A stream longer than ``lines`` read this way is not cached (the cache holds streams
        from their head); a shorter one was read whole and is."""
        if self.client is None:
            return LogUpdate([], self.streams(job), at_end=False)
        cursors = self._cursors(job)
        requests = 1
        per_stream: list[list[LogEvent]] = []
        new: list[str] = []
        try:
            try:
                listed = self.client.streams(job)
            except LogGroupNotFoundError:
                listed = []
            for stream in listed:
                if stream.name in cursors:
                    continue
                page = self.client.events(stream, from_head=False, limit=lines)
                requests += 1
                whole = len(page.events) < lines  # the stream fits in one page: read from its head
                cursor = _Cursor(stream, page.forward_token, from_head=whole,
                                 back=None if whole else page.backward_token)
                cursors[stream.name] = cursor
                if whole:
                    self._store_read(job, cursor, page.events)
                new.append(stream.name)
                per_stream.append(page.events)
        except AwsError as exc:
            return LogUpdate(merge_events(per_stream), self.streams(job), new, requests, False, error=exc)
        return LogUpdate(merge_events(per_stream), self.streams(job), new, requests, at_end=True)

    def has_older(self, job: str) -> bool:
        return any(c.back for c in self._cursors(job).values())

    def older(self, job: str, *, lines: int = 500) -> LogUpdate:
        """Up to ``lines`` older lines of each stream read from its tail (history on scroll-up)."""
        if self.client is None:
            return LogUpdate([], self.streams(job), at_end=False)
        per_stream: list[list[LogEvent]] = []
        requests = 0
        try:
            for cursor in self._cursors(job).values():
                if not cursor.back:
                    continue
                page = self.client.events(cursor.stream, from_head=False, token=cursor.back, limit=lines)
                requests += 1
                done = not page.events or page.backward_token == cursor.back or len(page.events) < lines
                cursor.back = None if done else page.backward_token
                per_stream.append(page.events)
        except AwsError as exc:
            return LogUpdate(merge_events(per_stream), self.streams(job), [], requests, False, error=exc)
        return LogUpdate(merge_events(per_stream), self.streams(job), [], requests, at_end=True)

    def whole(
        self,
        job: str,
        *,
        pause: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> LogUpdate:
        """Every event of the job's log (a save): from the cache when it holds the whole log, else
        every stream read from its head through CloudWatch (``pause`` before each request after the
        first, ``progress`` with the count read so far). Nothing read here changes the view's cursors."""
        cached = self.cached(job)
        if cached.complete or self.client is None:
            if progress is not None:
                progress(len(cached.events))
            return cached
        per_stream: list[list[LogEvent]] = []
        requests = 0
        count = 0
        try:
            requests += 1
            streams = self.client.streams(job)
            for stream in streams:
                events: list[LogEvent] = []
                token: str | None = None
                while True:
                    if pause is not None:
                        pause()
                    page = self.client.events(stream, token=token, from_head=True)
                    requests += 1
                    events.extend(page.events)
                    count += len(page.events)
                    if progress is not None:
                        progress(count)
                    if page.at_end or not page.events or page.forward_token in (None, token):
                        break
                    token = page.forward_token
                per_stream.append(events)
        except AwsError as exc:
            return LogUpdate(merge_events(per_stream), self.streams(job), requests=requests, at_end=False,
                             error=exc)
        return LogUpdate(merge_events(per_stream), streams, requests=requests, complete=True)

    def filter(
        self, job: str, pattern: str, *, pause: Callable[[], None] | None = None
    ) -> Iterator[list[LogEvent]]:
        """FilterLogEvents pages over the job's streams (discovered first), each in time order;
        ``pause`` is called before every page after the first (the caller's pacing)."""
        if self.client is None:
            raise AwsError("Offline: a filter pattern needs CloudWatch Logs (the cache filters locally).")
        streams = self.client.streams(job)
        if not streams:
            return
        token: str | None = None
        while True:
            if token is not None and pause is not None:
                pause()
            events, next_token = self.client.filter(
                job, pattern, streams=streams, start_time=self.start_time, token=token
            )
            yield events
            if not next_token or next_token == token:
                return
            token = next_token


def _short(events: list[LogEvent]) -> bool:
    if len(events) >= MAX_EVENTS_PER_CALL:
        return False
    size = sum(len(e.message) + 26 for e in events)  # 26: GetLogEvents' per-event overhead
    return size < SHORT_PAGE_BYTES


def local_matcher(pattern: str) -> Callable[[str], bool]:
    """CloudWatch's plain-text filter pattern applied locally (offline, or on cached lines): every
    term must appear (``"quoted phrases"`` as one term), ``-term`` must not, and when there are
    ``?term``\\ s at least one of them must. Matching is case-sensitive, as in CloudWatch. Patterns
    the service alone understands (JSON ``{ $.x = … }``, ``[space-delimited]``) match as plain text."""
    stripped = pattern.strip()
    if stripped.startswith(("{", "[")):
        return lambda line: stripped in line
    terms = re.findall(r'([-?]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))', stripped)
    required: list[str] = []
    excluded: list[str] = []
    optional: list[str] = []
    for sign, quoted, bare in terms:
        term = quoted if quoted or not bare else bare
        {"-": excluded, "?": optional}.get(sign, required).append(term)

    def match(line: str) -> bool:
        if any(term not in line for term in required):
            return False
        if any(term in line for term in excluded):
            return False
        return not optional or any(term in line for term in optional)

    return match


def logs_for(repository: Any) -> LogRepository:
    """The one logs repository of a job repository (the TUI's): same options, cache and scope, its
    CloudWatch Logs client made on first use; offline when the job repository is."""
    found = repository.companions.get("logs")
    if isinstance(found, LogRepository):
        return found
    from tui.aws.logs import build_logs_client

    client = None
    if not repository.offline and repository.options is not None:
        client = build_logs_client(repository.options, counter=repository.counter)
    made = LogRepository(client, repository.cache, scope=repository.current_scope, clock=repository.clock)
    repository.companions["logs"] = made
    return made
