"""The keys that act on a job, shared by the job list and the job detail: stop it (ctrl+k), shell
into one of its hosts (x), copy its console link (o), watch it (W).

Read-only by default (``read_only = true``; ``--allow-actions`` for one run): the keys that change
AWS are then hidden from the footer and refused in one line. Each has two bindings with the same
id, so a keymap entry remaps both: the action (enabled only when actions are on) and its refusal
(enabled only when they are off); ``check_action`` decides which one a key reaches.

The screens provide :meth:`JobActionsScreen.action_target` (the job under the cursor, or shown)
and :meth:`JobActionsScreen.nudge_refresh`. Calls run in thread workers through the repository;
what reaches outside the app (the shell command's runner, ``which``, the environment, raw
terminal writes, suspending) comes from :class:`ActionHooks`, which tests replace.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from tui.aws.errors import AwsError
from tui.aws.statuses import TERMINAL_STATUSES
from tui.models.job_links import command_line, console_url, hosts, remote_debug_enabled, ssm_command
from tui.notify import Outcome, newly_failed
from tui.screens.action_dialogs import HostPicker, StopConfirm
from tui.screens.app_context import AppContext
from tui.settings import actions_enabled

#: Actions that change AWS: refused in read-only mode.
CHANGING = frozenset({"stop_job", "shell"})


class ActionTarget(NamedTuple):
    """The job a key acts on."""

    name: str
    status: str
    secondary: str
    arn: str
    #: Its DescribeTrainingJob response when the screen holds it (None: described on demand).
    raw: dict[str, Any] | None = None


def _run(argv: list[str]) -> int:
    """Run a command on the terminal (the TUI is suspended meanwhile); its exit status."""
    return subprocess.call(argv)


def _spawn(argv: list[str]) -> None:
    """Start a command in the background, its output discarded (``tmux display-message``)."""
    quiet = subprocess.DEVNULL
    # No tmux binary: the toast and the terminal's notification still say it.
    with contextlib.suppress(OSError):
        subprocess.Popen(argv, stdin=quiet, stdout=quiet, stderr=quiet)


def _app_suspend(app: App[Any]) -> AbstractContextManager[None]:
    return app.suspend()


def _app_write(app: App[Any]) -> Callable[[str], None] | None:
    """The terminal driver's write, for the escape sequences of a notification (None: headless)."""
    driver = app._driver  # Textual keeps the driver private; copy_to_clipboard writes through it too
    if driver is None or app.is_headless:
        return None
    return driver.write


@dataclass
class ActionHooks:
    """What the actions reach outside the app. Tests replace these on ``app.action_hooks``."""

    #: Runs a command on the terminal and returns its exit status.
    run: Callable[[list[str]], int] = _run
    #: ``shutil.which``: whether ``aws`` and ``session-manager-plugin`` are installed.
    which: Callable[[str], str | None] = shutil.which
    #: The environment (``TMUX`` says the app runs inside tmux).
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    #: Starts a command without waiting or showing its output.
    spawn: Callable[[list[str]], None] = _spawn
    #: Suspends the app around a command (Textual's ``App.suspend``).
    suspend: Callable[[App[Any]], AbstractContextManager[None]] = _app_suspend
    #: Raw terminal writes (escape sequences); None: the app's driver.
    write: Callable[[str], None] | None = None

    def writer(self, app: App[Any]) -> Callable[[str], None] | None:
        return self.write if self.write is not None else _app_write(app)


def hooks_of(app: App[Any]) -> ActionHooks:
    found = getattr(app, "action_hooks", None)
    return found if isinstance(found, ActionHooks) else ActionHooks()


class WatchToggled(Message):
    """Watch ``name`` (or stop watching it): the app's watcher polls it and tells when it ends."""

    def __init__(self, name: str, status: str, secondary: str) -> None:
        super().__init__()
        self.name = name
        self.status = status
        self.secondary = secondary


class FailuresSeen(Message):
    """The list saw these jobs fail (for ``notify_failures``)."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


def report_failures(screen: Screen[Any], held: Mapping[str, Any], rows: list[Any]) -> None:
    """From the list's refresh, with ``notify_failures`` on: post :class:`FailuresSeen` for jobs
    that are Failed now and were not (``held``: name -> JobRow as the list held them before the
    refresh; ``rows``: the refreshed JobRows)."""
    if not cast("AppContext", screen.app).config.notify_failures:
        return
    before = {row.name: held[row.name].status for row in rows if row.name in held}
    found = newly_failed(before, [(row.name, row.status, row.secondary) for row in rows])
    if found:
        screen.post_message(FailuresSeen(found))


class StopDone(Message):
    """StopTrainingJob for ``name`` returned (``error`` None: accepted)."""

    def __init__(self, name: str, error: AwsError | None) -> None:
        super().__init__()
        self.name = name
        self.error = error


class Described(Message):
    """The describe a shell key needed (``error`` None: ``raw`` holds it)."""

    def __init__(self, name: str, raw: dict[str, Any] | None, error: AwsError | None) -> None:
        super().__init__()
        self.name = name
        self.raw = raw
        self.error = error


def marks_text(actions_on: bool, watched: list[str]) -> str:
    """The header's marks: ``actions on · watching a, b`` (empty when neither)."""
    parts = ["actions on"] if actions_on else []
    if watched:
        shown = ", ".join(watched[:3]) + (f" +{len(watched) - 3}" if len(watched) > 3 else "")
        parts.append(f"watching {shown}")
    return " · ".join(parts)


class JobActionsScreen(Screen[None]):
    """A screen whose keys act on one job (the list's cursor row, the detail's job)."""

    BINDINGS = [
        Binding("ctrl+k", "stop_job", "Stop job", id="actions.stop",
                tooltip="Stop the running job (asks first; needs --allow-actions or read_only = false)"),
        Binding("ctrl+k", "refuse('stop a job')", "Stop job", id="actions.stop", show=False,
                tooltip="Stop the running job (read-only now: start with --allow-actions)"),
        Binding("x", "shell", "Shell", id="actions.shell", show=False,
                tooltip="Shell into a host of a job with remote debugging (aws ssm start-session)"),
        Binding("x", "refuse('shell into a host')", "Shell", id="actions.shell", show=False,
                tooltip="Shell into a host (read-only now: start with --allow-actions)"),
        Binding("o", "console_link", "Console link", id="actions.console", show=False,
                tooltip="Copy the job's AWS console URL (OSC 52) and show it"),
        Binding("W", "watch", "Watch", id="actions.watch", show=False,
                tooltip="Watch the job: bell and desktop notification when it ends"),
    ]

    # -- what the screens provide --------------------------------------------------------------
    def action_target(self) -> ActionTarget | None:
        """The job the keys act on (None: none selected)."""
        return None

    def nudge_refresh(self) -> None:
        """Refresh what shows the job now (after a stop: it shows Stopping without waiting)."""

    # -- read-only ---------------------------------------------------------------------------
    @property
    def _app_context(self) -> AppContext:
        return cast("AppContext", self.app)

    @property
    def actions_on(self) -> bool:
        app = self._app_context
        return actions_enabled(app.config.read_only, app.settings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGING:
            return self.actions_on
        if action == "refuse":
            return not self.actions_on
        return True

    def action_refuse(self, what: str) -> None:
        self.notify(
            f"Read-only: cannot {what}. Start with --allow-actions (or set read_only = false).",
            severity="warning",
        )

    # Decorated handlers, named apart: the screens' own on_mount / on_screen_resume run as well.
    @on(events.Mount)
    def _marks_on_mount(self) -> None:
        self.show_marks()

    @on(events.ScreenResume)
    def _marks_on_resume(self) -> None:
        self.show_marks()

    def show_marks(self) -> None:
        """Put ``actions on`` and the watched jobs in the screen's header."""
        from tui.widgets.detail.header import DetailHeader
        from tui.widgets.list_header import ListHeader

        text = marks_text(self.actions_on, list(self._app_context.settings.watched))
        for header in self.query(ListHeader):
            header.set_marks(text)
        for detail in self.query(DetailHeader):
            detail.set_marks(text)

    def _target(self) -> ActionTarget | None:
        target = self.action_target()
        if target is None:
            self.notify("No job selected.", severity="warning")
        return target

    # -- stop ----------------------------------------------------------------------------------
    def action_stop_job(self) -> None:
        target = self._target()
        if target is None:
            return
        if target.status == "Stopping":
            self.notify(f"{target.name} is already stopping.", markup=False)
            return
        if target.status in TERMINAL_STATUSES:
            self.notify(
                f"{target.name} is {target.status}: only a running job can be stopped.",
                severity="warning", markup=False,
            )
            return
        def answered(stop: bool | None) -> None:
            if stop:
                self._stop(target.name)

        self.app.push_screen(StopConfirm(target.name), answered)

    def _stop(self, name: str) -> None:
        repository = self._app_context.repository

        def call() -> None:
            try:
                repository.stop(name)
            except AwsError as exc:
                self.post_message(StopDone(name, exc))
                return
            except Exception as exc:  # never a traceback: one sentence
                self.post_message(StopDone(name, AwsError(f"Could not stop {name}: {exc}")))
                return
            self.post_message(StopDone(name, None))

        self.run_worker(call, thread=True, group="job-actions", exit_on_error=False)

    @on(StopDone)
    def _stop_done(self, message: StopDone) -> None:
        if message.error is not None:
            self.notify(str(message.error), severity="error", markup=False)
            return
        self.notify(f"Stopping {message.name}: it shows Stopping, then Stopped.", markup=False)
        self.nudge_refresh()

    # -- console link --------------------------------------------------------------------------
    def action_console_link(self) -> None:
        target = self._target()
        if target is None:
            return
        options = self._app_context.repository.options
        url = console_url(target.name, target.arn, options.region if options else None)
        if url is None:
            self.notify("No region known for this job: no console link.", severity="warning")
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied the console link: {url}", timeout=10, markup=False)

    # -- shell ---------------------------------------------------------------------------------
    def action_shell(self) -> None:
        target = self._target()
        if target is None:
            return
        if target.raw is not None:
            self._shell_with(target.name, target.raw)
            return
        repository = self._app_context.repository
        name = target.name

        def call() -> None:
            try:
                fetched = repository.describe(name)
            except AwsError as exc:
                self.post_message(Described(name, None, exc))
                return
            self.post_message(Described(name, dict(fetched.value), None))

        self.run_worker(call, thread=True, group="job-actions", exit_on_error=False)

    @on(Described)
    def _described(self, message: Described) -> None:
        if message.error is not None or message.raw is None:
            self.notify(str(message.error), severity="error", markup=False)
            return
        self._shell_with(message.name, message.raw)

    def _shell_with(self, name: str, raw: dict[str, Any]) -> None:
        status = raw.get("TrainingJobStatus")
        if status != "InProgress":
            self.notify(f"{name} is {status}: a shell needs a running job.", severity="warning",
                        markup=False)
            return
        if not remote_debug_enabled(raw):
            self.notify(
                f"{name} was not started with remote debugging (RemoteDebugConfig.EnableRemoteDebug): "
                "SageMaker opens no SSM session to it.",
                severity="warning", markup=False,
            )
            return
        arn = raw.get("TrainingJobArn")
        options = self._app_context.repository.options
        region = (arn.split(":")[3] if isinstance(arn, str) and arn.count(":") >= 5 else None) or (
            options.region if options else None
        )
        choices = hosts(raw)
        if len(choices) == 1:
            self.open_shell(name, choices[0], region)
            return
        def picked(host: str | None) -> None:
            if host:
                self.open_shell(name, host, region)

        self.app.push_screen(HostPicker(name, choices), picked)

    def open_shell(self, name: str, host: str, region: str | None) -> None:
        """Suspend the TUI and run the SSM session; without the AWS CLI or the Session Manager
        plugin (or a terminal that can be handed over), copy the command and show it instead."""
        hooks = hooks_of(self.app)
        options = self._app_context.repository.options
        argv = ssm_command(name, host, region, options.profile if options else None)
        line = command_line(argv)
        if self._app_context.settings.demo:  # the demo's hosts do not exist: nothing to connect to
            self.app.copy_to_clipboard(line)
            self.notify(f"Demo fleet: no real host to reach. Copied the command: {line}", timeout=20,
                        markup=False)
            return
        missing = [tool for tool in ("aws", "session-manager-plugin") if hooks.which(tool) is None]
        if missing:
            self.app.copy_to_clipboard(line)
            self.notify(
                f"Needs the AWS CLI and the Session Manager plugin ({', '.join(missing)} not found). "
                f"Copied the command: {line}",
                severity="warning", timeout=20, markup=False,
            )
            return
        try:
            with hooks.suspend(self.app):
                status = hooks.run(argv)
        except Exception as exc:  # SuspendNotSupported, or the command could not start
            self.app.copy_to_clipboard(line)
            self.notify(f"Could not run the session ({exc}). Copied the command: {line}",
                        severity="warning", timeout=20, markup=False)
            return
        self.notify(f"Session to {name} {host} ended (exit status {status}).", markup=False)

    # -- watch ---------------------------------------------------------------------------------
    def action_watch(self) -> None:
        target = self._target()
        if target is None:
            return
        self.post_message(WatchToggled(target.name, target.status, target.secondary))


@contextmanager
def no_suspend(_app: App[Any]) -> Iterator[None]:
    """A suspend that does nothing (tests, where the headless driver cannot suspend)."""
    yield
