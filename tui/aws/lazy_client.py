"""One way to hold a boto3 client: made on first use, once, thread-safe, its calls counted.

SageMaker, CloudWatch Logs and CloudWatch clients all load a service model when made (tens of
milliseconds each): the app makes each in the worker of its first call, never at start-up, and a
feature never used (logs, metrics) never costs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tui.aws.counter import CallCounter


class LazyClient:
    """Base of the app's client holders (dataclasses that declare ``factory`` and ``counter``).

    Subclasses may override :meth:`_make` (to map the factory's errors to the app's) and
    :meth:`_prepare` (to register botocore event handlers on the new client).
    """

    factory: Callable[[], Any]
    counter: CallCounter

    def __post_init__(self) -> None:
        self._raw: Any = None
        self._lock = threading.Lock()

    def _make(self) -> Any:
        return self.factory()

    def _prepare(self, raw: Any) -> None:
        """Called once on the new client, before anyone uses it."""

    @property
    def raw(self) -> Any:
        """The boto3 client, made on first use (thread-safe)."""
        with self._lock:
            if self._raw is None:
                raw = self._make()
                self.counter.attach(raw)
                self._prepare(raw)
                self._raw = raw
            return self._raw

    @property
    def made(self) -> bool:
        """Whether :attr:`raw` exists yet."""
        return self._raw is not None
