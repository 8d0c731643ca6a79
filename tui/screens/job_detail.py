"""The job detail screen: a header and seven tabs over one DescribeTrainingJob response, kept live.

Data comes only from ``app.repository`` in a thread worker and arrives as messages. While the job
can still change (running, or a warm pool / rule evaluation still settling) it is re-described on
the repository's interval, with backoff on throttling and errors; the last good data stays on
screen, changed values are highlighted briefly, and the active tab and scroll positions survive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from typing import Any, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TabbedContent, TabPane

from tui.aws.errors import AccessDeniedError, AwsError, CallCancelled, NotFoundError, OfflineError
from tui.models import derived
from tui.models.detail import JobView
from tui.models.timefmt import format_duration
from tui.refresh import MIN_REFRESH_DELAY, DetailDecision, DetailScheduler
from tui.repository import Fetched
from tui.safe_text import message as message_text
from tui.screens.app_context import AppContext
from tui.screens.messages import OpenJob
from tui.widgets.detail.channels import ChannelsPane
from tui.widgets.detail.context import Palette, RenderContext
from tui.widgets.detail.debugger import DebuggerPane
from tui.widgets.detail.field_tree import FieldsPane
from tui.widgets.detail.header import DetailHeader, waiting_text
from tui.widgets.detail.hyperparameters import HyperparametersPane
from tui.widgets.detail.laid_out import layout_options
from tui.widgets.detail.layout import PaneLayout, lay_out
from tui.widgets.detail.metrics import MetricsPane
from tui.widgets.detail.overview import OverviewPane, build_overview
from tui.widgets.detail.resources import JobLink, ResourcesPane
from tui.widgets.detail.timeline import TimelinePane
from tui.widgets.key_hints import KeyHints
from tui.widgets.log_pane import LogPane

#: (pane id, name (help, key descriptions), tab title, pane class), in number-key order. The tab
#: titles fit 80 columns and stay the same at every width (the strip scrolls below 80).
TABS: tuple[tuple[str, str, str, type[Any]], ...] = (
    ("overview", "Overview", "Overview", OverviewPane),
    ("timeline", "Transitions", "Status", TimelinePane),
    ("hyperparameters", "Hyperparameters", "Params", HyperparametersPane),
    ("channels", "Input channels", "Input", ChannelsPane),
    ("resources", "Resources", "Infra", ResourcesPane),
    ("debugger", "Debugger", "Debug", DebuggerPane),
    ("fields", "All fields", "Fields", FieldsPane),
    ("logs", "Logs", "Logs", LogPane),
    ("metrics", "Metrics", "Metrics", MetricsPane),
)
TAB_IDS = tuple(t[0] for t in TABS)
#: Number keys that differ from the tab's position (none today: Logs is 8, Metrics 9).
TAB_NUMBERS: dict[str, int] = {}


def tab_number(position: int) -> int:
    """The number key of the tab at ``position`` (1-based)."""
    return TAB_NUMBERS.get(TAB_IDS[position - 1], position)


def tab_at(number: int) -> str | None:
    """The tab a number key shows (None when no tab has it)."""
    for position in range(1, len(TAB_IDS) + 1):
        if tab_number(position) == number:
            return TAB_IDS[position - 1]
    return None
#: From this width the All-fields documentation sits beside the tree rather than below it.
WIDE_FIELDS = 110
#: Seconds a changed value keeps its $changed-highlight background.
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


class JobDetailScreen(Screen[None]):
    """Everything DescribeTrainingJob says about one job."""

    CSS_PATH = "../styles/job_detail.tcss"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="detail.back", tooltip="Back to the job list"),
        Binding("r", "refresh", "Refresh", id="detail.refresh", tooltip="Describe the job again now"),
        Binding("y", "copy_name", "Copy name", id="detail.copy-name", tooltip="Copy the job name (OSC 52)"),
        Binding(
            "Y", "copy_arn", "Copy ARN", id="detail.copy-arn", show=False, tooltip="Copy the job ARN (OSC 52)"
        ),
        Binding(
            "right_square_bracket",
            "step_job(1)",
            "Next",
            id="detail.next-job",
            tooltip="Open the next job of the list",
        ),
        Binding(
            "left_square_bracket",
            "step_job(-1)",
            "Prev",
            id="detail.prev-job",
            tooltip="Open the previous job of the list",
        ),
        Binding(
            "v",
            "toggle_environment",
            "Env",
            id="detail.reveal-env",
            tooltip="Show or mask environment variable values (this screen only)",
        ),
        # Priority, so scrollable panes do not swallow them; check_action lets Inputs keep them.
        Binding(
            "left,shift+tab", "step_tab(-1)", "Previous tab", id="detail.prev-tab", show=False, priority=True
        ),
        Binding("right,tab", "step_tab(1)", "Next tab", id="detail.next-tab", show=False, priority=True),
        *(
            Binding(
                str(tab_number(i)),
                f"show_tab({tab_number(i)})",
                f"Tab {tab_number(i)}: {title}",
                id=f"detail.tab-{tab_number(i)}",
                show=False,
            )
            for i, (_, title, _, _) in enumerate(TABS, start=1)
        ),
        Binding(
            "l", "show_tab(8)", "Logs", id="detail.logs", show=False, tooltip="Show the job's logs (tab 8)"
        ),
        Binding("m", "show_tab(9)", "Metrics", id="detail.metrics", show=False, tooltip="The Metrics tab"),
    ]

    def __init__(
        self,
        job_name: str,
        *,
        initial_tab: str = "overview",
        preloaded: Fetched[dict[str, Any]] | None = None,
    ) -> None:
        """``preloaded``: the job's cached describe, already read (shown at once, then brought
        up to date as usual)."""
        super().__init__()
        self.job_name = job_name
        self._preloaded = preloaded
        self.initial_tab = initial_tab if initial_tab in TAB_IDS else "overview"
        #: A tab to show once the job is shown (the first tab's pane is still built first).
        self.pending_tab: str | None = None
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
        self._tick_timer: Timer | None = None
        self._tick_key: tuple[str, str] | None = None
        self._overview_ahead: PaneLayout | None = None
        #: Cleared after being closed, ready for :meth:`show_job` (see
        #: :class:`tui.screens.detail_opener.DetailOpener`).
        self.reusable = False
        #: What the styles were last computed for: a screen resumed under the same ones keeps them.
        self._styled_for: tuple[object, ...] | None = None

    @property
    def tui(self) -> AppContext:
        return cast("AppContext", self.app)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DetailHeader(id="detail-header")
        # With the job in hand, the tabs are shown from the first frame (no placeholder swap).
        placeholder = Static(id="detail-placeholder")
        placeholder.display = self._preloaded is None
        yield placeholder
        # Only the first tab's pane is built now; the others when first shown (opening is faster).
        with TabbedContent(initial=self.initial_tab, id="detail-tabs") as tabs:
            tabs.display = self._preloaded is not None
            for i, pane_id in enumerate(TAB_IDS, start=1):
                with TabPane(self._tab_title(i, self.app.size.width), id=pane_id):
                    if pane_id == self.initial_tab:
                        yield self._new_pane(pane_id)
        yield KeyHints()

    def _new_pane(self, tab_id: str) -> Widget:
        pane_cls = TABS[TAB_IDS.index(tab_id)][3]
        pane: Widget = pane_cls(id=f"{tab_id}-pane", classes="detail-pane")
        # The All-fields tab puts the documentation beside the tree on wide terminals.
        pane.set_class(self.app.size.width >= WIDE_FIELDS, "-wide")
        return pane

    async def _ensure_pane(self, tab_id: str) -> Widget:
        found = self.query(f"#{tab_id}-pane")
        if found:
            return found.first()
        pane = self._new_pane(tab_id)
        await self.query_one(f"#{tab_id}", TabPane).mount(pane)
        return pane

    @staticmethod
    def _tab_title(number: int, width: int) -> str:
        _, _, title, _ = TABS[number - 1]
        return f"{tab_number(number)} {title}"  # whatever the width: a tab never changes its name

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        # A class on the one pane that needs it: a class on the screen would restyle every widget.
        for pane in self.query(".detail-pane"):
            pane.set_class(width >= WIDE_FIELDS, "-wide")
        tabs = self.query_one(TabbedContent)
        for i, pane_id in enumerate(TAB_IDS, start=1):
            tab = tabs.get_tab(pane_id)
            title = self._tab_title(i, width)
            if str(tab.label) != title:
                tab.label = title

    def on_mount(self) -> None:
        self._palette = Palette.from_variables(self.app.theme_variables)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._tick_timer = self.set_interval(1.0, self._tick)
        self._start()

    def _start(self) -> None:
        """Show ``job_name``: the preloaded copy at once, else a placeholder until it is read."""
        self.reveal_environment = not self.tui.config.mask_environment
        self._refresh = DetailScheduler(
            live=self.tui.settings.live,
            offline=self.tui.repository.offline,
            now=self.tui.clock.now,
            error_interval=self.tui.config.running_job_interval,
            min_delay=MIN_REFRESH_DELAY,
        )
        header = self.query_one(DetailHeader)
        header.show_name(self.job_name)
        header.show_timing(None, self._render_context(), None, "loading…")
        # After the first refresh: a reused screen is about to be pushed, and the layout that
        # shows it again may hide (and so blur) a widget focused before it.
        self.call_after_refresh(self._focus_pane, self.initial_tab)
        if self.pending_tab is not None:  # opened on another tab (m in the list): after that focus
            self.call_after_refresh(self.open_tab, self.pending_tab)
            self.pending_tab = None
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None and self.tui.repository.serves(preloaded):
            # What describe would answer anyway (a settled job, a fresh copy): no worker at all.
            self._loaded(JobLoaded(self.job_name, preloaded))
        elif preloaded is not None:
            self._loaded(JobLoaded(self.job_name, preloaded, preliminary=True))
            self._fetch(force=False)
        else:
            self._show_placeholder(f"Loading {self.job_name}…")
            self._fetch(force=False, cached_first=True)

    # -- reuse: one installed screen shows job after job ---------------------------------------
    def show_job(
        self,
        job_name: str,
        *,
        preloaded: Fetched[dict[str, Any]] | None = None,
        overview: PaneLayout | None = None,
    ) -> None:
        """Show another job on this (cleared, not yet pushed) screen: as a new screen would show
        it, without composing and styling a new set of widgets. ``overview``: its overview laid
        out ahead by :meth:`overview_preparation`'s function (used only if still exact)."""
        if not self.reusable:
            raise RuntimeError("show_job on a detail screen that is still in use")
        self.reusable = False
        self.job_name = job_name
        self._preloaded = preloaded
        self._overview_ahead = overview
        self._fit_width(self.app.size.width)
        if self._tick_timer is not None:
            self._tick_timer.resume()
        self._start()

    def overview_preparation(self) -> Callable[[dict[str, Any], datetime], PaneLayout] | None:
        """A function, safe to call in a worker thread, that lays a job's overview out as
        :meth:`show_job` would show it next (a describe response and the time to render it at).
        None until the overview has been drawn once (its width is not known before)."""
        found = self.query("#overview-content")
        width = found.first().content_size.width if found else 0
        if width <= 0:
            return None
        console = self.app.console
        options = layout_options(self.app.console_options, width)
        palette, zone = self._palette, self.zone
        reveal = not self.tui.config.mask_environment

        def prepare(raw: dict[str, Any], now: datetime) -> PaneLayout:
            ctx = RenderContext(
                now=now, palette=palette, changed=frozenset(), reveal_environment=reveal, zone=zone
            )
            return lay_out(build_overview(JobView.from_raw(raw), ctx), console, options)

        return prepare

    async def on_screen_suspend(self) -> None:
        if self.app.is_screen_installed(self) and self not in self.app.screen_stack:
            await self._clear()  # closed (not merely covered by help): ready for the next job

    async def _clear(self) -> None:
        """Forget the job: timers, its describe, every pane but the overview (rebuilt when shown,
        with no filter, expansion or cursor left from this job), the overview's scroll position."""
        self._cancel_refresh()
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
            self._highlight_timer = None
        if self._tick_timer is not None:
            self._tick_timer.pause()
        self.workers.cancel_group(self, "detail-describe")
        self.view = None
        self.fetched_at = None
        self.changed = frozenset()
        self._refresh.reset()
        self._interval = None
        self.note = ""
        self._dirty = set(TAB_IDS)
        self._preliminary_shown = False
        self._tick_key = None
        self._overview_ahead = None
        self.initial_tab = "overview"
        self.query_one(DetailHeader).clear_job()
        for tab_id in TAB_IDS[1:]:
            await self.query(f"#{tab_id}-pane").remove()
        self.query_one(TabbedContent).active = "overview"
        self.pane("overview").scroll_home(animate=False, immediate=True)
        self.reusable = True

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler: skip restyling every widget when nothing that styles
        depend on changed while the screen was away (a few ms of each open)."""
        styled_for = (self.app.theme, self.app.pseudo_classes)
        if styled_for == self._styled_for:
            event.refresh_styles = False
        self._styled_for = styled_for

    def on_unmount(self) -> None:
        # The signal's weak key is kept alive by its own callback (a bound method of this
        # screen): without this, every job opened would stay in memory with all its widgets.
        self.app.theme_changed_signal.unsubscribe(self)

    def _show_placeholder(self, text: str | None) -> None:
        placeholder = self.query_one("#detail-placeholder", Static)
        placeholder.display = text is not None
        self.query_one(TabbedContent).display = text is None
        if text is not None:
            placeholder.update(message_text(text))

    def _theme_changed(self, _theme: object) -> None:
        self._palette = Palette.from_variables(self.app.theme_variables)
        self._dirty = set(TAB_IDS)
        self._render_job()

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
        rows = derived.transition_rows(view, self.tui.clock.now())
        if rows and rows[-1].current:
            key = (rows[-1].status, format_duration(rows[-1].seconds))
            if key != self._tick_key:  # repaint only when the shown duration changes
                self._tick_key = key
                self._dirty.add("timeline")
                self._render_pane("timeline")

    @on(TabbedContent.TabActivated, "#detail-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab_id = self.active_tab
        await self._ensure_pane(tab_id)
        self._render_pane(tab_id)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # left/right move the text cursor in the filter box, not the tabs
        return not (action == "step_tab" and isinstance(self.focused, Input))

    async def action_show_tab(self, number: int) -> None:
        tab_id = tab_at(number)
        if tab_id is not None:
            await self._activate(tab_id)

    async def open_tab(self, tab_id: str) -> None:
        """Show ``tab_id`` (``m`` in the list opens a job on its Metrics tab)."""
        if tab_id in TAB_IDS:
            await self._activate(tab_id)

    async def action_step_tab(self, step: int) -> None:
        index = TAB_IDS.index(self.active_tab) if self.active_tab in TAB_IDS else 0
        await self._activate(TAB_IDS[(index + step) % len(TAB_IDS)])

    async def _activate(self, tab_id: str) -> None:
        await self._ensure_pane(tab_id)
        self.query_one(TabbedContent).active = tab_id
        self._render_pane(tab_id)
        self._focus_pane(tab_id)

    def _focus_pane(self, tab_id: str) -> None:
        """Focus the pane's main widget, so arrows and PgUp/PgDn act on it at once."""
        found = self.query(f"#{tab_id}-pane")
        if not found:
            return
        pane = found.first()
        self.set_focus(pane.default_focus() if hasattr(pane, "default_focus") else pane, scroll_visible=False)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.notify("This is the first screen.", severity="warning")

    def action_refresh(self) -> None:
        self.note = "refreshing…"
        self._update_timing()
        self._fetch(force=True)

    def action_copy_name(self) -> None:
        self.app.copy_to_clipboard(self.job_name)
        self.notify(f"Copied the name: {self.job_name}", markup=False)

    def action_copy_arn(self) -> None:
        arn = self.view.arn if self.view else None
        if not arn:
            self.notify("No ARN known for this job yet.", severity="warning")
            return
        self.app.copy_to_clipboard(arn)
        # The ARN itself: where OSC 52 does not reach the clipboard (GNU screen), this is all there is.
        self.notify(f"Copied the ARN: {arn}", markup=False)  # the app's notify makes it safe

    def action_toggle_environment(self) -> None:
        self.reveal_environment = not self.reveal_environment
        self.notify(
            "Environment values shown on this screen."
            if self.reveal_environment
            else "Environment values masked."
        )
        self._dirty |= {"overview", "fields"}
        self._render_job()

    def action_step_job(self, step: int) -> None:
        from tui.screens.job_list import JobListScreen

        lists = [s for s in self.app.screen_stack if isinstance(s, JobListScreen)]
        neighbour = getattr(lists[-1], "neighbour", None) if lists else None
        if neighbour is None:
            self.notify("No job list to step through (opened directly).", severity="warning")
            return
        other = neighbour(self.job_name, step)
        if other is None:
            self.notify("No next job in the list." if step > 0 else "No previous job in the list.")
            return
        self.app.switch_screen(JobDetailScreen(other, initial_tab=self.active_tab))

    @on(JobLink.Open)
    def _open_linked(self, message: JobLink.Open) -> None:
        self.post_message(OpenJob(message.job_name))
