"""Opening jobs: one reused detail screen, and a read-ahead of the job under the list's cursor.

The list posts :class:`~tui.screens.messages.CursorRested` and
:class:`~tui.screens.messages.OpenJob`; the app hands both to the :class:`DetailOpener` it owns.
The read-ahead path is then: cursor → opener worker (cached describe, then, while the cursor
rests, the overview laid out) → kept here → used by the next :meth:`DetailOpener.open` of that job.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, get_current_worker

from tui.repository import Fetched
from tui.widgets.detail.layout import PaneLayout

if TYPE_CHECKING:
    from textual.app import App

    from tui.repository import JobRepository
    from tui.screens.job_detail import JobDetailScreen

#: Seconds the cursor rests on a job before its overview is laid out ahead (not while scrolling).
PREPARE_AFTER = 0.05
#: The name under which the reused detail screen is installed.
DETAIL_SCREEN = "job-detail"

Prepare = Callable[[dict[str, Any], datetime], PaneLayout]


@dataclass(frozen=True)
class Prefetched:
    """Read ahead for the job under the cursor: its cached describe, then its overview's layout."""

    name: str
    fetched: Fetched[dict[str, Any]]
    overview: PaneLayout | None = None


class DetailOpener:
    """Owns the detail screen that is reused for every job opened from the list, and what was
    read ahead for the job under the cursor.

    The first detail screen is installed and, once closed, shows the next job opened: its
    widgets are composed and styled once per session, not once per job. A job opened while it
    is still on the stack (a linked job) gets a screen of its own, removed when closed.
    """

    def __init__(self, app: App[Any], repository: JobRepository, now: Callable[[], datetime]) -> None:
        self._app = app
        self._repository = repository
        self._now = now
        self._kept: Prefetched | None = None
        self._screen: JobDetailScreen | None = None

    # -- opening ---------------------------------------------------------------------------
    def open(self, name: str, tab: str | None = None) -> None:
        """Push the detail screen for ``name`` (the screen beneath stays as it is), on ``tab``."""
        from tui.screens.job_detail import JobDetailScreen

        kept = self.take(name)
        preloaded = kept.fetched if kept is not None else None
        reused = self._screen
        if reused is not None and reused.reusable:
            reused.pending_tab = tab
            reused.show_job(name, preloaded=preloaded, overview=kept.overview if kept is not None else None)
            self._app.push_screen(reused)
            return
        screen = JobDetailScreen(name, preloaded=preloaded)
        screen.pending_tab = tab
        if reused is None:
            self._screen = screen
            self._app.install_screen(screen, name=DETAIL_SCREEN)
        self._app.push_screen(screen)

    @staticmethod
    def warm() -> None:
        """Import the detail screen's modules now, not on the first Enter."""
        import tui.screens.job_detail  # noqa: F401

    # -- reading ahead ---------------------------------------------------------------------
    def prefetch(self, name: str, *, lay_out: bool = True) -> Worker[None]:
        """Read ``name``'s cached describe in a worker; if the cursor stays (and ``lay_out``),
        also lay the job's overview out for the reused detail screen. A newer call cancels it."""
        self._kept = None
        screen = self._screen
        reusable = lay_out and screen is not None and screen.reusable
        prepare = screen.overview_preparation() if reusable and screen is not None else None
        return self._app.run_worker(
            lambda: self._read_ahead(name, prepare),
            thread=True,
            exclusive=True,
            group="prefetch",
            exit_on_error=False,
        )

    def _read_ahead(self, name: str, prepare: Prepare | None) -> None:
        worker = get_current_worker()
        try:
            fetched = self._repository.cached_describe(name)
        except Exception:  # a broken cache: the detail screen reads (and reports) it itself
            return
        if fetched is None or worker.is_cancelled:
            return
        self._app.call_from_thread(self._keep, Prefetched(name, fetched))
        if prepare is None:
            return
        time.sleep(PREPARE_AFTER)  # only where the cursor rests: moving on cancels this worker
        if worker.is_cancelled:
            return
        try:
            overview = prepare(fetched.value, self._now())
        except Exception:  # the detail screen lays it out (and reports any error) itself
            return
        if not worker.is_cancelled:
            self._app.call_from_thread(self._keep, Prefetched(name, fetched, overview))

    def _keep(self, kept: Prefetched) -> None:
        waiting = self._kept
        if kept.overview is not None and (waiting is None or waiting.fetched is not kept.fetched):
            return  # that copy was taken (the job opened) or replaced meanwhile: too late
        self._kept = kept

    def take(self, name: str) -> Prefetched | None:
        """What was read ahead for ``name`` (used once: the detail screen caches what it fetches)."""
        kept, self._kept = self._kept, None
        return kept if kept is not None and kept.name == name else None
