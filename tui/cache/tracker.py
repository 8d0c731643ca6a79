"""Which scope a repository reads from and writes to, learnt as responses arrive (thread-safe).

See :mod:`tui.cache.scope` for what a scope and a context are and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tui.cache.scope import AWS_ENDPOINT, UNKNOWN_ACCOUNT, Context, Scope, context_for, scope_of
from tui.cache.store import CacheStore
from tui.clock import Clock

if TYPE_CHECKING:
    from tui.aws.client import ConnectionOptions, SageMakerClient

#: Runs a cache operation; returns None instead of raising when the cache fails.
Guard = Callable[[Callable[[], Any]], Any]


class ScopeTracker:
    """The current scope: from this run's responses, else what the cache remembers for the context."""

    def __init__(
        self,
        client: SageMakerClient | None,
        options: ConnectionOptions | None,
        store: CacheStore | None,
        clock: Clock,
        guard: Guard,
    ) -> None:
        self._client = client
        self._options = options
        self._store = store
        self._clock = clock
        self._guard = guard
        self._lock = threading.Lock()
        self._context: Context | None = None
        self._context_known = False
        self._scope: Scope | None = None
        self._resolved = False
        self._confirmed = False

    def context(self) -> Context | None:
        with self._lock:
            if self._context_known:
                return self._context
        context = context_for(self._client, self._options)  # may read the AWS config file
        with self._lock:
            self._context, self._context_known = context, True
        return context

    def current(self) -> Scope | None:
        """None before any scope is known (nothing cached for this context, no response yet).

        Offline without a known region, the most recently confirmed context stands in.
        """
        with self._lock:
            if self._scope is not None or self._resolved:
                return self._scope
        context = self.context()
        scope: Scope | None = None
        store = self._store
        if store is not None:
            if context is None and self._client is None:
                context = self._guard(store.latest_context)
            if context is not None:
                found = context
                scope = self._guard(lambda: store.scope_for_context(found))
        with self._lock:
            if self._scope is None:
                self._scope = scope
            self._resolved = True
            return self._scope

    def scope_of(self, item: Mapping[str, Any]) -> Scope:
        """The scope a summary or describe response belongs to (read from its ARN)."""
        context = self.context()
        endpoint, region = (context.endpoint, context.region) if context else (AWS_ENDPOINT, "")
        return scope_of(dict(item), endpoint, region)

    def adopt(self, scope: Scope) -> None:
        """Responses carry their scope: follow it, and remember it for the next start."""
        with self._lock:
            # Written once per run (so the mapping's age says when it was last confirmed) and on
            # every change of scope (credentials now pointing at another account).
            changed = scope != self._scope or not self._confirmed
            self._scope, self._resolved, self._confirmed = scope, True, True
        context = self.context()
        store = self._store
        if changed and context is not None and store is not None:
            self._guard(lambda: store.remember_context(context, scope, self._clock.now()))

    def current_or_unknown(self) -> Scope | None:
        """The current scope, else this context's with an unknown account (an empty listing)."""
        scope = self.current()
        if scope is not None:
            return scope
        context = self.context()
        if context is None:
            return None
        return Scope(context.endpoint, context.region, UNKNOWN_ACCOUNT)
