"""What the tuning-jobs list and a tuning job's screen share: the tuning repository beside the
app's job repository, the refresh scheduler with its one timer, and the warning line."""

from __future__ import annotations

from typing import cast

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.aws.errors import AwsError
from tui.refresh import DetailDecision, DetailScheduler
from tui.safe_text import message as message_text
from tui.screens.app_context import AppContext
from tui.tuning_repository import TuningRepository, tuning_repository_for


class TuningScreen(Screen[None]):
    """A screen on the tuning repository, refreshed by a :class:`DetailScheduler`. Subclasses
    compose a ``Static`` with the id ``tuning-message`` and define :meth:`_load` and
    :meth:`_paint_header` (which shows :attr:`note`)."""

    def __init__(self, repository: TuningRepository | None = None) -> None:
        super().__init__()
        self._repository = repository
        #: The refresh state for the header (``loading…``, ``live 30s``, ``retry in 8s`` …).
        self.note = ""
        self._timer: Timer | None = None
        self._scheduler: DetailScheduler | None = None

    @property
    def tui(self) -> AppContext:
        return cast(AppContext, self.app)

    @property
    def repository(self) -> TuningRepository:
        if self._repository is None:
            self._repository = tuning_repository_for(self.tui.repository, self.tui.clock)
        return self._repository

    def _load(self) -> None:
        """Start a load in a worker (the timer calls it with no argument)."""
        raise NotImplementedError

    def _paint_header(self) -> None:
        raise NotImplementedError

    def start_refreshing(self) -> None:
        """On mount: the scheduler, live or not as the app runs; the warning line hidden."""
        self._scheduler = DetailScheduler(
            live=self.tui.settings.live, offline=self.repository.offline, now=self.tui.clock.now
        )
        self.query_one("#tuning-message", Static).display = False

    def loaded(self, error: AwsError | None, *, answered: bool, interval: float | None) -> None:
        """A load ended (``answered``: with data, fresh or cached; ``error``: what went wrong, if
        anything): the warning line says the error, the scheduler decides the next load."""
        warning = self.query_one("#tuning-message", Static)
        warning.display = error is not None
        if error is not None:
            warning.update(message_text(str(error)))
        scheduler = self._scheduler
        if scheduler is None:
            return
        decision: DetailDecision | None
        if not answered and error is not None:
            decision = scheduler.failed(error, interval=interval)
        else:
            decision = scheduler.loaded(interval=interval, due_at=None, error=error)
        if decision is None:
            return
        self.note = decision.note
        self._paint_header()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(decision.timer, self._load) if decision.timer is not None else None

    def reset_refresh(self) -> None:
        """``r``: the scheduler starts over (no backoff carried into the forced load)."""
        if self._scheduler is not None:
            self._scheduler.reset()
