"""The app's side of switching profile and region in place (a base class of the app).

Flow: the key ``C``, the palette or ``:ctx`` → :class:`PickContext` → the picker → (profile,
region) → a worker opens the new context (client, credentials checked with STS, the account) →
:class:`ContextOpened` → the app swaps its repository, draws a fresh list screen (the new
scope's cache at once, a new refresh scheduler) and drops the old detail screen. A context that
fails posts :class:`ContextFailed`: one line, and the previous context carries on untouched.

The header's account: known from the switch (STS), or at start from the first job ARN the list
holds, else from STS once, in a worker (:func:`tui.context_repository.account_of`).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from tui.aws.contexts import ConnectionOptions
from tui.aws.errors import AwsError
from tui.clock import Clock
from tui.config import AppConfig
from tui.context_repository import Switched, account_of, switch_context
from tui.models.columns import with_region
from tui.repository import JobRepository
from tui.safe_text import visible
from tui.screens.context_messages import ContextShown, PickContext, SwitchContext
from tui.screens.detail_opener import DETAIL_SCREEN, DetailOpener
from tui.screens.messages import ListSettled
from tui.settings import RunSettings

if TYPE_CHECKING:
    from tui.screens.context_picker import Picked

def regions_of(repository: object) -> dict[str, JobRepository] | None:
    """The regions of a list of several (None: one region). :mod:`tui.multi_region` is imported only
    when several regions are asked for (it is not light): until then no repository can be one."""
    module = sys.modules.get("tui.multi_region")
    if module is not None and isinstance(repository, module.MultiRegionRepository):
        regions: dict[str, JobRepository] = repository.regions
        return regions
    return None

class ContextOpened(Message):
    def __init__(self, wanted: str, switched: Switched) -> None:
        super().__init__()
        self.wanted = wanted
        self.switched = switched


class ContextFailed(Message):
    def __init__(self, wanted: str, error: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.error = error


class AccountLearned(Message):
    def __init__(self, repository: JobRepository, account: str) -> None:
        super().__init__()
        self.repository = repository
        self.account = account


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ContextSwitching(App[None]):
    """Switching profile and region without restarting; the header's account."""

    BINDINGS = [
        Binding("C", "pick_context", "Context", id="app.context", show=False,
                tooltip="Switch profile or region (also :ctx)"),
    ]

    # Set by the app's __init__.
    repository: JobRepository
    settings: RunSettings
    opener: DetailOpener
    clock: Clock
    _cache_warnings_shown: int

    config: AppConfig
    _account_asked: JobRepository | None = None
    _added_region_column = False
    #: A switch in flight: (profile, region) wanted (None: none).
    switching: str | None = None

    # -- what is in use ---------------------------------------------------------------------
    @property
    def current_region(self) -> str:
        """The region in use, or the regions joined by commas (a list of several)."""
        if regions_of(self.repository) is not None:
            return ",".join(regions_of(self.repository) or {})
        client = self.repository.client
        if client is not None:
            return client.region
        options = self.repository.options
        return (options.region if options is not None else None) or ""

    def _base_options(self) -> ConnectionOptions | None:
        client = self.repository.client
        return client.options if client is not None else self.repository.options

    # -- asking ----------------------------------------------------------------------------
    def action_pick_context(self) -> None:
        self.post_message(PickContext())

    @on(PickContext)
    def _on_pick_context(self, _: PickContext) -> None:
        from tui.screens.context_picker import ContextPicker  # when first asked for: not at start

        if isinstance(self.screen, ContextPicker) or self._refuse_offline():
            return
        self.push_screen(ContextPicker(self.settings.profile_label, self.current_region), self._picked)

    def _picked(self, picked: Picked | None) -> None:
        if picked is None:
            return
        profile, region = picked
        # The current label may be no profile at all (the demo's keys, the environment's): kept.
        same_profile = profile == self.settings.profile_label
        self.switch_context(None if same_profile else profile, region)

    @on(SwitchContext)
    def _on_switch_context(self, message: SwitchContext) -> None:
        self.switch_context(message.profile, message.region)

    def _refuse_offline(self) -> bool:
        if self.settings.offline or self.repository.offline or self._base_options() is None:
            self.notify("Offline: switching profile or region needs the service.", severity="warning")
            return True
        return False

    def switch_context(self, profile: str | None, region: str | None) -> None:
        """Open ``profile`` in ``region`` (None: keep that part) in a worker; the answer comes back
        as :class:`ContextOpened` or :class:`ContextFailed`."""
        base = self._base_options()
        if self._refuse_offline() or base is None:
            return
        if region is None and regions_of(self.repository) is not None:
            region = self.current_region  # several regions stay several
        wanted = f"{profile or self.settings.profile_label} / {region or self.current_region}"
        self.switching = wanted
        self.notify(f"Switching to {wanted}…", timeout=3, markup=False)
        self.run_worker(
            partial(self._open_context, self.repository, base, profile, region, wanted),
            thread=True, exclusive=True, group="context-switch", exit_on_error=False,
        )

    def _open_context(
        self, current: JobRepository, base: ConnectionOptions, profile: str | None, region: str | None,
        wanted: str,
    ) -> None:
        try:
            switched = switch_context(current, base, profile, region)
        except AwsError as exc:
            self.post_message(ContextFailed(wanted, first_line(exc)))
            return
        except Exception as exc:  # whatever the SDK raises: one line, never a traceback
            self.post_message(ContextFailed(wanted, first_line(exc)))
            return
        self.post_message(ContextOpened(wanted, switched))

    # -- answers ---------------------------------------------------------------------------
    @on(ContextFailed)
    def _on_context_failed(self, message: ContextFailed) -> None:
        if message.wanted != self.switching:
            return  # a switch asked for since replaced this one
        self.switching = None
        self.notify(
            visible(f"Could not switch to {message.wanted}: {message.error} "
                    f"(still on {self.settings.profile_label} / {self.current_region})"),
            title="Context", severity="error", timeout=10, markup=False,
        )

    @on(ContextOpened)
    async def _on_context_opened(self, message: ContextOpened) -> None:
        from tui.screens.job_list import JobListScreen

        if message.wanted != self.switching:
            return  # a switch asked for since replaced this one (its worker could not be stopped)
        switched = message.switched
        self.switching = None
        self.repository = switched.repository
        self._account_asked = switched.repository
        self.settings.profile_label = switched.profile_label
        self.settings.location_label = switched.location_label
        self.settings.account_label = switched.account
        self._region_column(several=regions_of(switched.repository) is not None)
        # The shared cache's opening warnings were shown already.
        self._cache_warnings_shown = len(switched.repository.cache_warnings)
        # Nothing of the old context stays on screen: back to the list, which is made anew (its
        # scheduler starts over, its first paint is the new scope's cache).
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if self.is_screen_installed(DETAIL_SCREEN):
            self.uninstall_screen(DETAIL_SCREEN)
        self.opener = DetailOpener(self, switched.repository, self.clock.now)
        await self.switch_screen(JobListScreen())

    def _region_column(self, *, several: bool) -> None:
        """A list of several regions shows REGION; it goes again when the switch added it."""
        columns = self.config.columns
        if several and "region" not in columns:
            self.config = replace(self.config, columns=with_region(columns))
            self._added_region_column = True
        elif not several and self._added_region_column:
            self.config = replace(self.config, columns=tuple(c for c in columns if c != "region"))
            self._added_region_column = False

    # -- the header's account --------------------------------------------------------------
    def on_list_settled(self, _: ListSettled) -> None:
        repository = self.repository
        if self.settings.account_label or self._account_asked is repository or repository.offline:
            return
        if repository.client is None and repository.cache is None:
            return  # nothing to learn it from (no worker: tests' fakes stay as they were)
        self._account_asked = repository
        self.run_worker(partial(self._learn_account, repository), thread=True, group="account",
                        exit_on_error=False)

    def _learn_account(self, repository: JobRepository) -> None:
        account = account_of(repository)
        if account:
            self.post_message(AccountLearned(repository, account))

    @on(AccountLearned)
    def _on_account_learned(self, message: AccountLearned) -> None:
        if message.repository is not self.repository:
            return  # learnt for a context since left
        self.settings.account_label = message.account
        for screen in self.screen_stack:
            screen.post_message(ContextShown())
