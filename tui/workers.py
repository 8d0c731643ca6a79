"""Worker threads that never hold up quitting.

Textual runs thread workers in the event loop's default executor, and ``asyncio.run`` waits for
that executor's threads when the app ends (so does the interpreter, for a ThreadPoolExecutor's).
A worker blocked on a slow or silent endpoint would keep the process alive after ``q`` or Ctrl+C
for up to the read timeout times the attempts (minutes). Here each task gets a daemon thread and
shutting down waits for none: the call in flight is simply abandoned. The cache stays consistent:
every write is one SQLite transaction, and an unfinished one is rolled back on the next open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor in type only (asyncio requires one): a daemon thread per task."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever awaits the future
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="sagemaker-tui-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Never waits (see the module docstring)."""
