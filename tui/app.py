"""The Textual app: wiring only. Screens, widgets, themes and data live in their own modules.

Screens never call the app: they post messages (:mod:`tui.screens.messages`) that the app hands
to the object owning the work. Runtime tuning (the partial-update patch, the heap tuner) is
installed by the launcher (:mod:`tui.launch`), not on import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from textual import events, on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.worker import NoActiveWorker, get_current_worker

from tui.aws.client import set_cancel_probe
from tui.clock import Clock, SystemClock
from tui.config import AppConfig
from tui.glyphs import key_display
from tui.idle_gc import HeapTuner
from tui.repository import JobRepository
from tui.safe_text import escape_markup, visible
from tui.screens.context_switcher import ContextSwitching
from tui.screens.detail_opener import DetailOpener
from tui.screens.job_actions import FailuresSeen, WatchToggled
from tui.screens.messages import CompareJobs, CursorRested, ListSettled, OpenJob
from tui.screens.watcher import JobWatcher
from tui.settings import RunSettings
from tui.themes import APP_VARIABLES, NO_COLOR_VARIABLES, ThemeCatalog, load_themes, theme_summaries
from tui.widgets.terminal_glyphs import glyph_filter
from tui.widgets.terminal_guard import ControlGuard
from tui.widgets.tuning_messages import OpenTuningJob, OpenTuningJobs


def _current_worker_cancelled() -> bool:
    """Whether the Textual worker running this thread was cancelled (False outside a worker)."""
    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:
        return False


class SageMakerTUI(ContextSwitching):
    """sagemaker-tui: the job list first; Enter (or --training-job-name) opens a job."""

    TITLE = "sagemaker-tui"
    CSS_PATH = "styles/app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        # Declared here (Textual would add an id-less one) so the keymap can remap it.
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", show=False,
                priority=True),
    ]

    def __init__(
        self,
        repository: JobRepository,
        *,
        settings: RunSettings | None = None,
        config: AppConfig | None = None,
        clock: Clock | None = None,
        theme: str | None = None,
        themes: ThemeCatalog | None = None,
        heap: HeapTuner | None = None,
    ) -> None:
        self._control_guard = ControlGuard()
        self._glyph_filter = glyph_filter(os.environ.get("TERM"))  # linux console, vt100: no Unicode
        self._signal_handlers: list[int] = []
        self._cache_warnings_shown = 0
        super().__init__()
        self.repository = repository
        self.heap = heap
        self._settled = False
        self.settings = settings or RunSettings()
        self.config = config or AppConfig()
        self.clock = clock or SystemClock()
        self.opener = DetailOpener(self, repository, self.clock.now)
        self.watcher = JobWatcher(self)
        self.requested_theme = theme or self.config.theme
        self.theme_catalog = themes if themes is not None else load_themes()
        # Registered before the first CSS parse: the stylesheets use this app's theme variables.
        for candidate in self.theme_catalog.themes.values():
            self.register_theme(candidate)
        self.theme, self._theme_notice = self.theme_catalog.resolve(self.requested_theme)
        # Textual's own themes lack this app's variables: offer only ours in the palette.
        for name in BUILTIN_THEMES:
            if name not in self.theme_catalog.themes:
                self.unregister_theme(name)
        if not self.config.animations:
            self.animation_level = "none"  # every animation frame is bytes over a slow SSH link
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(APP_VARIABLES)

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        if self.no_color:  # failures must stand out most in greys too (tui.themes.NO_COLOR_VARIABLES)
            variables.update(NO_COLOR_VARIABLES)  # the dict Textual also keeps as theme_variables
        return variables

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, kind in theme_summaries(self.available_themes.values()):
            yield SystemCommand(
                escape_markup(f"Theme: {name}"),
                escape_markup(f"Switch to the {name} theme ({kind})"),
                partial(self._use_theme, name),
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens' and widgets' too) goes through here: control characters and
        bidi marks are shown visibly whatever the caller passed. Callers with data in the message
        pass ``markup=False``; markup is only ever the app's own text."""
        super().notify(
            visible(message, lines=True), title=visible(title), severity=severity, timeout=timeout,
            markup=markup,
        )

    def get_key_display(self, binding: Binding) -> str:
        return key_display(super().get_key_display(binding), os.environ.get("TERM"))  # ⏎ -> enter

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (monochrome, dim …) and, always, the terminal guard."""
        glyphs = [self._glyph_filter] if self._glyph_filter else []
        return [*super().get_line_filters(), self._control_guard, *glyphs]

    def _use_theme(self, name: str) -> None:
        self.theme = name

    def on_mount(self) -> None:
        import asyncio

        from tui.screens.job_list import JobListScreen
        from tui.workers import DaemonExecutor

        # Thread workers must not keep the process alive after q / Ctrl+C (see tui.workers).
        loop = asyncio.get_running_loop()
        loop.set_default_executor(DaemonExecutor())
        self._handle_termination_signals(loop)
        set_cancel_probe(_current_worker_cancelled)  # a describe given up is not retried

        # Broken theme files are reported once, in one notification, with file:line:col each.
        notice = "\n".join(n for n in (self.theme_catalog.report(), self._theme_notice) if n)
        if notice:
            self.notify(notice, title="Theme problem", severity="warning", timeout=15, markup=False)
        from tui.screens.keymap import keymap_problems

        unknown = keymap_problems(self.config)
        if unknown:  # Textual ignores them silently; a typo would look like a broken remap
            self.notify(
                "\n".join(unknown),
                title="Keymap problem",
                severity="warning",
                timeout=15,
                markup=False,
            )

        # A cache moved aside, rebuilt, read-only or replaced by a memory cache: said once, the
        # app goes on. A disk that fills up mid-run adds its line later: checked now and then.
        self._report_cache_warnings()
        self.set_interval(2.0, self._report_cache_warnings, name="cache-warnings")

        self.push_screen(JobListScreen())
        if self.settings.initial_job:
            self.open_job(self.settings.initial_job)

    def _handle_termination_signals(self, loop: Any) -> None:
        """SIGTERM and SIGHUP (an SSH connection dropping) end the app as Ctrl+C does: Textual's
        shutdown leaves the alternate screen, turns mouse tracking off and shows the cursor, and
        cache writes are whole SQLite transactions. Without this Python would die at once and
        leave the terminal unusable. Exit code 128 + the signal's number, as a shell reports."""
        import signal

        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, partial(self.exit, return_code=128 + int(signum)))
            except (NotImplementedError, RuntimeError, ValueError):
                return  # not the main thread (tests), or no signals here (Windows)
            self._signal_handlers.append(signum)

    def on_unmount(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in self._signal_handlers:
            loop.remove_signal_handler(signum)
        self._signal_handlers.clear()

    def _report_cache_warnings(self) -> None:
        warnings = self.repository.cache_warnings
        for warning in warnings[self._cache_warnings_shown:]:
            self.notify(warning, title="Cache", severity="warning", timeout=15, markup=False)
        self._cache_warnings_shown = len(warnings)

    # -- what screens ask (messages), handed to the owner of each piece of work ------------------
    @on(OpenJob)
    def _on_open_job(self, message: OpenJob) -> None:
        if message.tab is None:
            self.open_job(message.name)
        else:
            self.open_job(message.name, tab=message.tab)

    def open_job(self, name: str, tab: str | None = None) -> None:
        """Push the detail screen for ``name`` (see :class:`DetailOpener`), on ``tab`` if given."""
        self.opener.open(name, tab=tab)

    @on(CompareJobs)
    def _on_compare_jobs(self, message: CompareJobs) -> None:
        from tui.screens.compare import open_compare

        open_compare(self, message.names)

    @on(WatchToggled)
    def _on_watch_toggled(self, message: WatchToggled) -> None:
        self.watcher.toggle(message.name, message.status, message.secondary)

    @on(FailuresSeen)
    def _on_failures_seen(self, message: FailuresSeen) -> None:
        self.watcher.failures(message.outcomes)

    @on(OpenTuningJobs)
    def _on_open_tuning_jobs(self, message: OpenTuningJobs) -> None:
        from tui.screens.tuning_opener import open_tuning_jobs

        open_tuning_jobs(self)

    @on(OpenTuningJob)
    def _on_open_tuning_job(self, message: OpenTuningJob) -> None:
        from tui.screens.tuning_opener import open_tuning_job

        open_tuning_job(self, message.name)

    @on(CursorRested)
    def _on_cursor_rested(self, message: CursorRested) -> None:
        self.opener.prefetch(message.name)

    @on(ListSettled)
    def _on_list_settled(self, message: ListSettled) -> None:
        """Once, after the first list operation ended and was painted: do now what the first job
        opened would otherwise wait for (import the detail screen, settle the heap)."""
        if self._settled:
            return
        self._settled = True
        self.opener.warm()
        if self.heap is not None and self.heap.settle():
            self.set_interval(1.0, self.heap.tick)

    async def on_event(self, event: events.Event) -> None:
        if self.heap is not None and isinstance(event, events.Key):
            self.heap.input_seen()
        await super().on_event(event)

    def action_help_quit(self) -> None:
        """Ctrl+C quits, as in k9s, less or top (Textual's default only says "press q to quit").
        In a text box with a selection Ctrl+C still copies it: the box's own binding comes first."""
        self.exit()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))
