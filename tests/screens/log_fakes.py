"""A scripted CloudWatch Logs client for the log view's tests: streams and lines in memory, tokens
that are positions, errors on demand, every call counted. No network."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from tests.conftest import FIXED_NOW
from tui.aws.errors import AwsError
from tui.aws.logs import EventsPage, LogEvent, LogStream, parse_stream_name
from tui.log_repository import LogRepository

T0 = int(FIXED_NOW.timestamp() * 1000) - 3_600_000
PAGE = 10_000


class FakeLogs:
    """``lines[stream name]``: (timestamp ms, message), oldest first; ``error`` is raised by every call."""

    def __init__(self, lines: dict[str, list[tuple[int, str]]] | None = None) -> None:
        self.lines: dict[str, list[tuple[int, str]]] = lines or {}
        self.error: AwsError | None = None
        self.calls: list[str] = []
        #: Filter patterns sent (FilterLogEvents), and the page size it answers with (0: PAGE).
        self.patterns: list[str] = []
        self.filter_page = 0
        self._lock = threading.Lock()

    def add(self, stream: str, lines: Sequence[tuple[int, str]]) -> None:
        with self._lock:
            self.lines.setdefault(stream, []).extend(lines)

    def streams(self, job: str) -> list[LogStream]:
        self.calls.append("DescribeLogStreams")
        if self.error is not None:
            raise self.error
        with self._lock:
            names = sorted(n for n in self.lines if n.startswith(job + "/"))
        return [LogStream(n, *parse_stream_name(job, n)) for n in names]

    def events(
        self, stream: LogStream, *, token: str | None = None, from_head: bool = True,
        start_time: int | None = None, limit: int | None = None, host: str | None = None,
    ) -> EventsPage:
        self.calls.append("GetLogEvents")
        if self.error is not None:
            raise self.error
        with self._lock:
            rows = list(self.lines.get(stream.name, []))
        if not from_head:  # newest first: tokens are the position before which to read
            end = int(token) if token else len(rows)
            begin = max(0, end - (limit or PAGE))
            events = [LogEvent(t, stream.host, m, stream.name) for t, m in rows[begin:end]]
            return EventsPage(events, str(end), str(begin), at_end=str(begin) == token)
        start = int(token) if token else 0
        page = rows[start : start + (limit or PAGE)]
        next_token = str(start + len(page))
        events = [LogEvent(t, stream.host, m, stream.name) for t, m in page]
        at_end = (next_token == token) if token else not events
        return EventsPage(events, next_token, str(start), at_end=at_end)


    def filter(
        self, job: str, pattern: str, *, streams: Sequence[LogStream], start_time: int | None = None,
        token: str | None = None, page: int = PAGE,
    ) -> tuple[list[LogEvent], str | None]:
        """FilterLogEvents as CloudWatch does it for plain terms (the local matcher's rule), paged."""
        from tui.log_repository import local_matcher

        self.calls.append("FilterLogEvents")
        self.patterns.append(pattern)
        if self.error is not None:
            raise self.error
        keep = local_matcher(pattern)
        with self._lock:
            matched = sorted(
                (t, s.host, m, s.name) for s in streams for t, m in self.lines.get(s.name, []) if keep(m)
            )
        start = int(token) if token else 0
        size = self.filter_page or page
        chunk = [LogEvent(t, h, m, n) for t, h, m, n in matched[start : start + size]]
        more = start + size < len(matched)
        return chunk, str(start + size) if more else None


def repository_with(fake: FakeLogs, cache: Any = None) -> LogRepository:
    return LogRepository(fake, cache)  # type: ignore[arg-type]


def install_logs(jobs: Any, logs: LogRepository) -> None:
    """Make ``logs`` the job repository's logs repository: the companion
    :func:`tui.log_repository.logs_for` builds on first use."""
    jobs.companions["logs"] = logs


def training_lines(job: str, hosts: int = 2, count: int = 30) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for h in range(1, hosts + 1):
        tail = " — a long line that goes on and on to show wrapping at the edge of the pane"
        out[f"{job}/algo-{h}-1795690000"] = [
            (
                T0 + i * 1000 + h,
                f"[rank {h - 1}] step {i + 1}: loss={2.5 / (i + 1):.4f} throughput=912 samples/s"
                + (tail if i % 7 == 3 else ""),
            )
            for i in range(count)
        ]
    return out
