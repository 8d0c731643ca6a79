"""The job detail screen: a header and nine tabs over one DescribeTrainingJob response, kept live.

Data comes only from ``app.repository`` in a thread worker and arrives as messages. While the job
can still change (running, or a warm pool / rule evaluation still settling) it is re-described on
the repository's interval, with backoff on throttling and errors; the last good data stays on
screen, changed values are highlighted briefly, and the active tab and scroll positions survive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TabbedContent, TabPane

from tui.models.detail import JobView
from tui.refresh import MIN_REFRESH_DELAY, DetailScheduler
from tui.repository import Fetched
from tui.screens.detail_tabs import TAB_IDS, TABS, WIDE_FIELDS, tab_at, tab_number
from tui.screens.job_actions import ActionTarget, JobActionsScreen
from tui.screens.job_detail_feed import DetailFeedScreen, JobLoaded
from tui.screens.messages import OpenJob
from tui.widgets.detail.context import Palette, RenderContext
from tui.widgets.detail.header import DetailHeader
from tui.widgets.detail.laid_out import layout_options
from tui.widgets.detail.layout import PaneLayout, lay_out
from tui.widgets.detail.overview import build_overview
from tui.widgets.detail.resources import JobLink
from tui.widgets.key_hints import KeyHints

#: Re-exported: the tabs are defined in :mod:`tui.screens.detail_tabs`.
__all__ = ["TABS", "TAB_IDS", "JobDetailScreen", "tab_at", "tab_number"]


class JobDetailScreen(JobActionsScreen, DetailFeedScreen):
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
        Binding("c", "compare_previous", "Compare prev", id="detail.compare_previous", show=False,
                tooltip="Compare with the previous job of the same name prefix"),
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
        super().__init__(job_name)
        self._preloaded = preloaded
        self.initial_tab = initial_tab if initial_tab in TAB_IDS else "overview"
        #: A tab to show once the job is shown (the first tab's pane is still built first).
        self.pending_tab: str | None = None
        self._tick_timer: Timer | None = None
        #: Cleared after being closed, ready for :meth:`show_job` (see
        #: :class:`tui.screens.detail_opener.DetailOpener`).
        self.reusable = False
        #: What the styles were last computed for: a screen resumed under the same ones keeps them.
        self._styled_for: tuple[object, ...] | None = None

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

    def _theme_changed(self, _theme: object) -> None:
        self._palette = Palette.from_variables(self.app.theme_variables)
        self._dirty = set(TAB_IDS)
        self._render_job()

    @on(TabbedContent.TabActivated, "#detail-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab_id = self.active_tab
        await self._ensure_pane(tab_id)
        self._render_pane(tab_id)

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # left/right move the text cursor in the filter box, not the tabs
        if action == "step_tab" and isinstance(self.focused, Input):
            return False
        return super().check_action(action, parameters)  # the job actions' read-only mode

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

    def action_target(self) -> ActionTarget | None:
        """This screen's job, for the job actions (tui/screens/job_actions.py)."""
        view = self.view
        if view is None:
            return None
        arn = view.arn or ""
        return ActionTarget(self.job_name, view.status or "", view.secondary_status or "", arn, view.raw)

    def nudge_refresh(self) -> None:
        self.action_refresh()

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

    def action_compare_previous(self) -> None:
        from tui.screens.job_list_marks import compare_with_previous

        compare_with_previous(self, self.job_name, self.post_message)

    @on(JobLink.Open)
    def _open_linked(self, message: JobLink.Open) -> None:
        self.post_message(OpenJob(message.job_name))
