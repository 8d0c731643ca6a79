"""Counts the API calls a client makes, by operation.

Two figures: ``calls`` (one per API call the code makes) and ``requests`` (one per HTTP attempt,
retries included: what the service's rate limit actually sees). Tests assert on them; the UI shows them.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class CallCounter:
    """Thread-safe counters fed by botocore's event hooks (see :meth:`attach`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()

    def attach(self, client: Any) -> None:
        """Hook this counter into a boto3 client's event system."""
        events = client.meta.events
        events.register("before-call.*.*", self._on_call)
        events.register("before-send.*.*", self._on_send)

    def _on_call(self, model: Any = None, **_: Any) -> None:
        with self._lock:
            self.calls[model.name if model is not None else "?"] += 1

    def _on_send(self, request: Any = None, **_: Any) -> None:
        name = "?"
        if request is not None:
            context = getattr(request, "context", None) or {}
            name = context.get("operation_name") or _operation_from_headers(request) or "?"
        with self._lock:
            self.requests[name] += 1

    def count(self, operation: str) -> int:
        """Calls of one operation so far."""
        with self._lock:
            return self.calls[operation]

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.calls.values())

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.calls)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.requests.clear()


def _operation_from_headers(request: Any) -> str | None:
    target = request.headers.get("X-Amz-Target") if getattr(request, "headers", None) else None
    if not target:
        return None
    value = target.decode() if isinstance(target, bytes) else str(target)
    return value.rsplit(".", 1)[-1]
