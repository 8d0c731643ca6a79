"""The Textual app: wiring only. Screens, widgets, themes and data live in their own modules."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import __version__ as textual_version
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.worker import get_current_worker

from tui import partial_updates
from tui.aws.client import set_cancel_probe
from tui.clock import Clock, SystemClock
from tui.config import AppConfig
from tui.idle_gc import IdleCollector
from tui.repository import Fetched, JobRepository
from tui.safe_text import escape_markup, visible
from tui.settings import RunSettings
from tui.themes import APP_VARIABLES, ThemeCatalog, load_themes, theme_summaries
from tui.widgets.detail.layout import Layout
from tui.widgets.terminal_guard import ControlGuard

if TYPE_CHECKING:
    from tui.screens.job_detail import JobDetailScreen

# A ticking cell repaints that cell, not its whole line up to it (bytes over SSH).
partial_updates.install(textual_version)


#: Seconds the cursor rests on a job before its overview is laid out ahead (not while scrolling).
PREPARE_AFTER = 0.05


@dataclass(frozen=True)
class Prefetched:
    """Read ahead for the job under the cursor: its cached describe, then its overview's layout."""

    name: str
    fetched: Fetched[dict[str, Any]]
    overview: Layout | None = None


#: The name under which the reused detail screen is installed (see :meth:`SageMakerTUI.open_job`).
DETAIL_SCREEN = "job-detail"


def known_binding_ids() -> set[str]:
    """Every binding id declared by a screen or widget class of this app (or of Textual)."""
    import tui.screens.help
    import tui.screens.job_detail
    import tui.screens.job_list  # noqa: F401 - their bindings are what the keymap may name

    ids: set[str] = set()
    classes: list[type[DOMNode]] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        ids.update(b.id for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.id)
    return ids


def _current_worker_cancelled() -> bool:
    """Whether the Textual worker running this thread was cancelled (False outside a worker)."""
    from textual.worker import NoActiveWorker

    try:
        return get_current_worker().is_cancelled
    except NoActiveWorker:
        return False


class SageMakerTUI(App[None]):
    """sagemaker-tui: the job list first; Enter (or --training-job-name) opens a job."""

    TITLE = "sagemaker-tui"
    #: See :meth:`settle` (the test suite runs hundreds of apps in one process: it turns this off).
    FREEZE_HEAP = True
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
    ) -> None:
        self._control_guard = ControlGuard()
        self._signal_handlers: list[int] = []
        super().__init__()
        self.repository = repository
        self._prefetched: Prefetched | None = None
        self._detail_screen: JobDetailScreen | None = None
        self._collector: IdleCollector | None = None
        self._settled = False
        self.settings = settings or RunSettings()
        self.config = config or AppConfig()
        self.clock = clock or SystemClock()
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

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (monochrome, dim …) and, always, the terminal guard."""
        return [*super().get_line_filters(), self._control_guard]

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
        unknown = sorted(set(self.config.keymap) - known_binding_ids())
        if unknown:  # Textual ignores them silently; a typo would look like a broken remap
            self.notify(
                f"{self.config.where('keymap')}: no key binding has the id "
                f"{', '.join(repr(u) for u in unknown)}; the help screen (?) lists the ids.",
                title="Keymap problem",
                severity="warning",
                timeout=15,
                markup=False,
            )

        # A cache moved aside, rebuilt, read-only or replaced by a memory cache: said once, the
        # app goes on. A disk that fills up mid-run adds its line later: checked now and then.
        self._cache_warnings_shown = 0
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

    def open_job(self, name: str) -> None:
        """Push the detail screen for ``name`` (the list stays beneath, cursor unchanged).

        The first detail screen is installed and, once closed, shows the next job opened: its
        widgets are composed and styled once per session, not once per job. A job opened while it
        is still on the stack (a linked job) gets a screen of its own, removed when closed.
        """
        from tui.screens.job_detail import JobDetailScreen

        kept = self.take_prefetched(name)
        preloaded = kept.fetched if kept is not None else None
        reused = self._detail_screen
        if reused is not None and reused.reusable:
            reused.show_job(name, preloaded=preloaded, overview=kept.overview if kept is not None else None)
            self.push_screen(reused)
            return
        screen = JobDetailScreen(name, preloaded=preloaded)
        if reused is None:
            self._detail_screen = screen
            self.install_screen(screen, name=DETAIL_SCREEN)
        self.push_screen(screen)

    def settle(self) -> None:
        """Once, after the first list operation ended and was painted: do now what the first job
        opened would otherwise wait for.

        The detail screen's modules are imported, and everything alive (modules, the list's
        rows: a large heap with 10,000 jobs) is moved out of the garbage collector's way with
        ``gc.freeze()``. Full collections then walk only what was made since, instead of landing
        in a job's opening as a 200-400 ms stall. Frozen objects are still freed when no longer
        referenced; only reference cycles alive right now are kept for the rest of the run.
        The full collections CPython would make inside key presses are made in the first idle
        second instead (:mod:`tui.idle_gc`).
        """
        if self._settled:
            return
        self._settled = True
        import gc

        import tui.screens.job_detail  # noqa: F401 - imported now, not on the first Enter

        if self.FREEZE_HEAP:
            gc.freeze()
            self._collector = IdleCollector()
            self._collector.start()
            self.set_interval(1.0, self._collector.tick)

    async def on_event(self, event: events.Event) -> None:
        if self._collector is not None and isinstance(event, events.Key):
            self._collector.input_seen()
        await super().on_event(event)

    # -- the cached describe of the job under the cursor -------------------------------------
    def prefetch(self, name: str) -> None:
        """Read ``name``'s cached describe now, in a worker: when the cursor rests on a job, Enter
        paints its details at once instead of starting with a placeholder and a cache read. If
        the cursor stays, the worker also lays the job's overview out for the detail screen
        (:mod:`tui.widgets.detail.layout`)."""
        self._prefetched = None
        screen = self._detail_screen
        prepare = screen.overview_preparation() if screen is not None and screen.reusable else None
        self._prefetch(name, prepare)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, name: str, prepare: Callable[[dict[str, Any], datetime], Layout] | None) -> None:
        worker = get_current_worker()
        try:
            fetched = self.repository.cached_describe(name)
        except Exception:  # a broken cache: the detail screen reads (and reports) it itself
            return
        if fetched is None or worker.is_cancelled:
            return
        self.call_from_thread(self._keep_prefetched, Prefetched(name, fetched))
        if prepare is None:
            return
        time.sleep(PREPARE_AFTER)  # only where the cursor rests: moving on cancels this worker
        if worker.is_cancelled:
            return
        try:
            overview = prepare(fetched.value, self.clock.now())
        except Exception:  # the detail screen lays it out (and reports any error) itself
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._keep_prefetched, Prefetched(name, fetched, overview))

    def _keep_prefetched(self, kept: Prefetched) -> None:
        waiting = self._prefetched
        if kept.overview is not None and (waiting is None or waiting.fetched is not kept.fetched):
            return  # that copy was taken (the job opened) or replaced meanwhile: too late
        self._prefetched = kept

    def take_prefetched(self, name: str) -> Prefetched | None:
        """What was read ahead for ``name`` (used once: the detail screen caches what it fetches)."""
        kept, self._prefetched = self._prefetched, None
        return kept if kept is not None and kept.name == name else None

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
