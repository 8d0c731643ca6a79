"""Watched jobs (``W``): polled through the repository, announced when they end.

The app owns one :class:`JobWatcher` (screens post :class:`~tui.screens.job_actions.WatchToggled`).
While something is watched it re-describes each watched job on the running-job interval, in a
thread worker; the repository's cache policy decides whether that is a call (a job the detail
screen or the list just refreshed costs nothing). When a job reaches Completed, Failed or Stopped,
or its secondary status turns Interrupted (:func:`tui.notify.outcome`), it is announced: a toast,
the terminal bell, OSC 9 and OSC 777 desktop notifications (wrapped for tmux passthrough inside
tmux) and, inside tmux, ``tmux display-message``. An ended job is no longer watched.
With ``notify_failures = true`` every job the list sees fail is announced the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.aws.errors import AwsError
from tui.aws.statuses import TERMINAL_STATUSES
from tui.notify import Outcome, in_tmux, outcome, terminal_sequences, tmux_message_argv
from tui.screens.job_actions import hooks_of

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer


class JobWatcher:
    """The watched jobs of one app and the last (status, secondary status) seen of each."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.seen: dict[str, tuple[str, str]] = {}
        self._timer: Timer | None = None
        #: Every announcement made (for the tests and --debug): newest last.
        self.announced: list[Outcome] = []

    @property
    def _settings(self) -> Any:
        return getattr(self.app, "settings")  # noqa: B009 - the app's RunSettings

    @property
    def _config(self) -> Any:
        return getattr(self.app, "config")  # noqa: B009

    def toggle(self, name: str, status: str, secondary: str) -> None:
        if name in self.seen:
            self._forget(name)
            self.app.notify(f"No longer watching {name}.", markup=False)
            return
        if status in TERMINAL_STATUSES:
            self.app.notify(f"{name} has already ended ({status}): nothing to watch.", markup=False)
            return
        self.seen[name] = (status, secondary)
        self._settings.watched.append(name)
        self._show_marks()
        self.app.notify(f"Watching {name}: you will be told when it ends.", markup=False)
        if self._timer is None:
            self._timer = self.app.set_interval(self._config.running_job_interval, self.poll, name="watch")

    def _forget(self, name: str) -> None:
        self.seen.pop(name, None)
        if name in self._settings.watched:
            self._settings.watched.remove(name)
        self._show_marks()
        if not self.seen and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show_marks(self) -> None:
        for screen in self.app.screen_stack:
            show = getattr(screen, "show_marks", None)
            if show is not None:
                show()

    def poll(self) -> None:
        """Describe every watched job (in a thread worker) and observe what came back."""
        if not self.seen:
            return
        names = list(self.seen)
        repository = getattr(self.app, "repository")  # noqa: B009

        def call() -> None:
            for name in names:
                try:
                    raw = repository.describe(name).value
                except AwsError:
                    continue  # the list and the detail screen say what is wrong; try again next time
                current = (str(raw.get("TrainingJobStatus", "")), str(raw.get("SecondaryStatus", "")))
                try:
                    self.app.call_from_thread(self.observe, name, current)
                except RuntimeError:
                    return  # the app is shutting down

        self.app.run_worker(call, thread=True, group="watch", exclusive=True, exit_on_error=False)

    def observe(self, name: str, current: tuple[str, str]) -> None:
        """A watched job was seen in ``current``: announce what is new, stop watching once it ended."""
        if name not in self.seen:
            return
        found = outcome(name, self.seen[name], current)
        self.seen[name] = current
        if found is not None:
            self.announce(found)
        if current[0] in TERMINAL_STATUSES:
            self._forget(name)

    def failures(self, outcomes: list[Outcome]) -> None:
        """Jobs the list saw fail: announced when ``notify_failures`` is on (watched ones are
        announced by their own poll)."""
        if not self._config.notify_failures:
            return
        for found in outcomes:
            if found.name not in self.seen:
                self.announce(found)

    def announce(self, found: Outcome) -> None:
        self.announced.append(found)
        severities = {"Failed": "error", "Completed": "information"}
        severity: Any = severities.get(found.what, "warning")
        self.app.notify(found.body, title=found.title, severity=severity, timeout=30, markup=False)
        hooks = hooks_of(self.app)
        tmux = in_tmux(hooks.environ)
        write = hooks.writer(self.app)
        if write is not None:
            write(terminal_sequences(found.title, found.body, tmux=tmux))
        if tmux:
            hooks.spawn(tmux_message_argv(f"{found.title}: {found.body}"))
