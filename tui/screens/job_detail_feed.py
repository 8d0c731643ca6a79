"""The job detail's feed: its describe, read in a worker and kept live, and painting it.

The job detail screen is built on :class:`DetailFeedScreen`: this half reads the job (the cached
copy first, then DescribeTrainingJob through ``app.repository``), re-describes it as
:class:`tui.refresh.DetailScheduler` decides, highlights what changed, and renders the header
and the visible pane. Layout, tabs, reuse and keys are :mod:`job_detail`'s.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from typing import Any, cast

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TabbedContent

from tui.aws.errors import AccessDeniedError, AwsError, CallCancelled, NotFoundError, OfflineError
from tui.models import derived, transitions
from tui.models.detail import JobView
from tui.models.timefmt import format_duration
from tui.refresh import DetailDecision, DetailScheduler
from tui.repository import Fetched
from tui.safe_text import message as message_text
from tui.screens.app_context import AppContext
from tui.screens.detail_tabs import TAB_IDS
from tui.widgets.detail.context import Palette, RenderContext
from tui.widgets.detail.header import DetailHeader, waiting_text
from tui.widgets.detail.layout import PaneLayout
from tui.widgets.detail.overview import OverviewPane

CHANGE_HIGHLIGHT_SECONDS = 3.0


class JobLoaded(Message):
    """A describe result (fresh or cached) for ``job_name``."""

    def __init__(self, job_name: str, fetched: Fetched[dict[str, Any]], *, preliminary: bool = False) -> None:
        super().__init__()
        self.job_name = job_name
        self.fetched = fetched
        #: The instant cached copy shown while the real describe is still on its way.
        self.preliminary = preliminary


class JobLoadFailed(Message):
    def __init__(self, job_name: str, error: AwsError) -> None:
        super().__init__()
        self.job_name = job_name
        self.error = error


class DetailFeedScreen(Screen[None]):
    """One job's describe, kept current and painted: the data half of the job detail."""

    def __init__(self, job_name: str) -> None:
        super().__init__()
        self.job_name = job_name
        self.initial_tab = "overview"
        self.view: JobView | None = None
        self.fetched_at: Any = None
        self.changed: frozenset[derived.Path] = frozenset()
        self.reveal_environment = False
        #: When to re-describe (decided by :class:`tui.refresh.DetailScheduler`, made in _start).
        self._refresh = DetailScheduler(live=False, offline=False, now=lambda: self.tui.clock.now())
        #: The job's refresh interval, from the last describe (None: settled or not known).
        self._interval: float | None = None
        #: What is shown is a Search record (a first paint): the All-fields tab waits for the describe.
        self._search_record = False
        self.note = ""
        self._palette = Palette()
        self._dirty: set[str] = set(TAB_IDS)
        self._preliminary_shown = False
        self._refresh_timer: Timer | None = None
        self._highlight_timer: Timer | None = None
        self._tick_key: tuple[str, str] | None = None
        self._overview_ahead: PaneLayout | None = None

    @property
    def tui(self) -> AppContext:
        return cast("AppContext", self.app)

    def _show_placeholder(self, text: str | None) -> None:
        placeholder = self.query_one("#detail-placeholder", Static)
        placeholder.display = text is not None
        self.query_one(TabbedContent).display = text is None
        if text is not None:
            placeholder.update(message_text(text))

    @property
    def zone(self) -> tzinfo | None:
        return None if self.tui.config.timezone == "local" else timezone.utc

    def _render_context(self) -> RenderContext:
        return RenderContext(
            now=self.tui.clock.now(),
            palette=self._palette,
            changed=self.changed,
            reveal_environment=self.reveal_environment,
            zone=self.zone,
        )

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active or self.initial_tab

    def pane(self, tab_id: str) -> Any:
        """The pane of a tab (raises NoMatches before the tab was first shown)."""
        return self.query_one(f"#{tab_id}-pane")

    # -- data -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="detail-describe")
    def _fetch(self, force: bool, cached_first: bool = False) -> None:
        repository = self.tui.repository
        name = self.job_name
        if cached_first:
            try:
                cached = repository.cached_describe(name)
            except Exception:  # a broken cache must not stop the real describe
                cached = None
            if cached is not None:
                self.post_message(JobLoaded(name, cached, preliminary=True))
        try:
            fetched = repository.describe(name, force=force)
        except CallCancelled:
            return  # the screen gave this job up (closed): nobody waits for the answer
        except AwsError as exc:
            self.post_message(JobLoadFailed(name, exc))
            return
        except Exception as exc:  # never a traceback on screen: one sentence instead
            self.post_message(JobLoadFailed(name, AwsError(f"Could not describe {name}: {exc}")))
            return
        self.post_message(JobLoaded(name, fetched))

    @on(JobLoaded)
    def _loaded(self, message: JobLoaded) -> None:
        if message.job_name != self.job_name:
            return
        fetched = message.fetched
        raw = fetched.value
        previous = self.view
        changes = derived.changed_paths(previous.raw, raw) if previous is not None else frozenset()
        self.view = JobView.from_raw(raw)
        self.fetched_at = fetched.fetched_at
        self._search_record = fetched.search_record
        self._show_placeholder(None)
        if changes:
            # Added to what is still highlighted: an unchanged refresh must not cut a highlight short.
            self.changed = self.changed | changes
            if self._highlight_timer is not None:
                self._highlight_timer.stop()
            self._highlight_timer = self.set_timer(CHANGE_HIGHLIGHT_SECONDS, self._clear_highlight)
        header = self.query_one(DetailHeader)
        error = fetched.error
        cached_at = f"{fetched.fetched_at.astimezone(self.zone):%H:%M}"
        if error is not None:
            # The repository fell back to its cached copy: say why, and how old the copy is.
            header.show_message(f"{error} Showing the copy cached at {cached_at}.", severity="warning")
        elif fetched.stale and self.tui.repository.offline:
            header.show_message(f"Offline: showing the copy cached at {cached_at}.", severity="information")
        elif not message.preliminary:
            header.show_message(None)
        if fetched.due_at is not None:
            self._interval = (fetched.due_at - fetched.fetched_at).total_seconds()
        elif not message.preliminary and not fetched.search_record:
            self._interval = None  # settled
        decision = self._refresh.loaded(
            interval=self._interval, due_at=fetched.due_at, error=error, preliminary=message.preliminary
        )
        if decision is not None:
            self._arm_refresh(decision)
        # The describe confirming the cached copy just shown changes nothing: the panes stay.
        confirmed = self._preliminary_shown and previous is not None and previous.raw == raw
        self._preliminary_shown = message.preliminary
        if not confirmed:
            self._dirty = set(TAB_IDS)
        self._render_job()

    @on(JobLoadFailed)
    def _failed(self, message: JobLoadFailed) -> None:
        if message.job_name != self.job_name:
            return
        error = message.error
        header = self.query_one(DetailHeader)
        if isinstance(error, NotFoundError | AccessDeniedError | OfflineError):
            # Retrying on a timer will not help: say so and wait for r (offline, r cannot help).
            self._arm_refresh(self._refresh.failed(error, interval=self._interval))
            text = waiting_text(str(error), offline=self.tui.repository.offline, shown=self.view is not None)
            # Said once: in the header over the data still shown, else in the placeholder alone.
            header.show_message(text if self.view is not None else None, severity="error")
            if self.view is None:
                self._show_placeholder(text)
        else:
            decision = self._refresh.failed(error, interval=self._interval)
            self._arm_refresh(decision)
            delay = decision.timer
            retry = f" Retrying in {format_duration(delay)}." if delay is not None else " Press r to retry."
            header.show_message(f"{error}{retry}" if self.view else None, severity="warning")
            if self.view is None:
                self._show_placeholder(f"{error}\n\n{retry.strip()}")
        self._update_timing()

    @property
    def failures(self) -> int:
        """Consecutive failed describes (the scheduler's backoff counts them)."""
        return self._refresh.failures

    def _arm_refresh(self, decision: DetailDecision) -> None:
        """Arm the next automatic refresh as the scheduler decided (none: settled, offline, off)."""
        self._cancel_refresh()
        self.note = decision.note
        if decision.timer is not None:
            self._refresh_timer = self.set_timer(decision.timer, self._timed_refresh)

    def _cancel_refresh(self) -> None:
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
            self._refresh_timer = None

    def _timed_refresh(self) -> None:
        self._refresh_timer = None
        self._fetch(force=False)

    def _clear_highlight(self) -> None:
        self._highlight_timer = None
        self.changed = frozenset()
        self._dirty = set(TAB_IDS)
        self._render_job()

    # -- rendering --------------------------------------------------------------------------
    def _render_job(self) -> None:
        """Render the header and the visible pane; the others when they are next shown."""
        if self.view is None:
            return
        ctx = self._render_context()
        self.query_one(DetailHeader).show_job(self.view, ctx, fetched_at=self.fetched_at, note=self.note)
        self._render_pane(self.active_tab, ctx)

    def _render_pane(self, tab_id: str, ctx: RenderContext | None = None) -> None:
        if self.view is None or tab_id not in self._dirty:
            return
        if tab_id == "fields" and self._search_record:
            return  # never the partial record where every field of the describe is shown
        found = self.query(f"#{tab_id}-pane")
        if not found:
            return  # not built yet: rendered when first shown
        self._dirty.discard(tab_id)
        pane: Any = found.first()  # every pane class has show(view, ctx)
        ctx = ctx or self._render_context()
        if isinstance(pane, OverviewPane) and self._overview_ahead is not None:
            ahead, self._overview_ahead = self._overview_ahead, None
            pane.show(self.view, ctx, ahead=ahead)
        else:
            pane.show(self.view, ctx)

    def _update_timing(self) -> None:
        self.query_one(DetailHeader).show_timing(
            self.view, self._render_context(), self.fetched_at, self.note
        )

    def _tick(self) -> None:
        """Once a second: the header's durations, and the current transition if it is on screen."""
        self._update_timing()
        view = self.view
        if view is None or not derived.is_running(view) or self.active_tab != "timeline":
            return
        rows = transitions.transition_rows(view, self.tui.clock.now())
        if rows and rows[-1].current:
            key = (rows[-1].status, format_duration(rows[-1].seconds))
            if key != self._tick_key:  # repaint only when the shown duration changes
                self._tick_key = key
                self._dirty.add("timeline")
                self._render_pane("timeline")
