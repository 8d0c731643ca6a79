"""Ctrl+P commands of the job list: server-side filters (for very large accounts), sorting, refresh.

Server-side filters map onto ListTrainingJobs parameters, like the command-line options
``--name-contains``, ``--status``, ``--since`` and ``--warm-pool-status``. Typed commands take an
argument: ``name bert`` filters on names containing "bert", ``since 7d`` (or ``since 2026-01-01``)
on creation time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.aws.jobs import STATUSES, WARM_POOL_STATUSES, ListFilters
from tui.models.list_view import SORT_COLUMNS
from tui.models.since import parse_since
from tui.safe_text import escape_markup, safe_text, visible

if TYPE_CHECKING:
    from tui.screens.job_list import JobListScreen


class Command(NamedTuple):
    title: str
    help: str
    run: Callable[[], None]


def list_screen_commands(screen: JobListScreen) -> list[Command]:
    """The fixed commands (the ones that need no typed argument)."""
    filters = screen.server_filters
    apply = screen.apply_server_filters
    commands = [
        Command(
            f"Server filter: status = {status}",
            "Ask ListTrainingJobs only for jobs with this status",
            partial(apply, replace(filters, status_equals=status)),
        )
        for status in STATUSES
    ]
    commands += [
        Command(
            f"Server filter: warm pool = {status}",
            "Ask ListTrainingJobs only for jobs whose warm pool has this status",
            partial(apply, replace(filters, warm_pool_status_equals=status)),
        )
        for status in WARM_POOL_STATUSES
    ]
    commands += [
        Command(
            f"Server filter: created in the last {span}",
            "Ask ListTrainingJobs only for recent jobs (type `since 7d` or `since 2026-01-01`)",
            partial(_apply_since, screen, spec),
        )
        for span, spec in (("day", "1d"), ("7 days", "7d"), ("30 days", "30d"))
    ]
    commands.append(
        Command(
            "Server filter: name contains …",
            "Type `name TEXT` to ask ListTrainingJobs only for names containing TEXT",
            lambda: screen.notify("Type `name TEXT` in the command palette.", timeout=4, markup=False),
        )
    )
    if filters.describe():
        commands.append(
            Command(
                "Server filter: clear all",
                f"Remove {filters.describe()} and list every job",
                partial(apply, ListFilters()),
            )
        )
    commands += [
        Command(
            f"Sort by {column.replace('_', ' ')}",
            "Sort the list by this column (again: reverse)",
            partial(screen.set_sort, column),
        )
        for column in SORT_COLUMNS
    ]
    commands += [
        Command("Refresh the job list now", "List every job again", screen.action_refresh),
        Command("Pause or resume live refresh", "Stop or restart the automatic list refresh",
                screen.action_pause),
        Command("Toggle relative/absolute times", "Show `3h12m ago` or timestamps",
                screen.action_toggle_time),
    ]
    commands += tuning_commands(screen)
    return commands


def typed_commands(screen: JobListScreen, query: str) -> list[Command]:
    """Commands built from what the user typed: ``name TEXT``, ``since 7d``."""
    word, _, rest = query.strip().partition(" ")
    rest = rest.strip()
    if word.lower() == "tuning" and rest:
        return tuning_typed_commands(screen, rest)
    if not rest:
        return []
    filters = screen.server_filters
    if word.lower() in ("name", "name-contains", "name_contains"):
        return [
            Command(
                f"Server filter: name contains {rest!r}",
                "Ask ListTrainingJobs only for jobs whose name contains this text",
                partial(screen.apply_server_filters, replace(filters, name_contains=rest)),
            )
        ]
    if word.lower() == "since":
        return [
            Command(
                f"Server filter: created since {rest}",
                "Ask ListTrainingJobs only for jobs created after this (7d, 12h, 2026-01-01)",
                partial(_apply_since, screen, rest),
            )
        ]
    return []


def _apply_since(screen: JobListScreen, spec: str) -> None:
    try:
        since = parse_since(spec, screen.tui.clock.now())
    except ValueError as exc:
        screen.notify(visible(str(exc), lines=True), severity="error", markup=False)
        return
    screen.apply_server_filters(replace(screen.server_filters, creation_time_after=since))


class ListCommands(Provider):
    """Command palette provider of the job list screen."""

    def _screen(self) -> JobListScreen | None:
        from tui.screens.job_list import JobListScreen

        return self.screen if isinstance(self.screen, JobListScreen) else None

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for command in list_screen_commands(screen):
            yield DiscoveryHit(
                safe_text(command.title), command.run, text=command.title, help=escape_markup(command.help)
            )

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        # Titles and help carry what the user typed (`name a[/]b`): Text, or escaped, never markup.
        for command in typed_commands(screen, query):
            yield Hit(1.0, safe_text(command.title), command.run, text=command.title,
                      help=escape_markup(command.help))
        matcher = self.matcher(query)
        for command in list_screen_commands(screen):
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(escape_markup(command.title)), command.run,
                          text=command.title, help=escape_markup(command.help))


# -- hyperparameter tuning jobs ------------------------------------------------------------------
def tuning_commands(screen: JobListScreen) -> list[Command]:
    """``tuning``: the tuning-jobs list (also the `H` key of the job list)."""
    return [Command("tuning: hyperparameter tuning jobs", "List the tuning jobs (key H); "
                    "`tuning NAME` opens one", screen.action_tuning_jobs)]


def tuning_typed_commands(screen: JobListScreen, name: str) -> list[Command]:
    """``tuning NAME``: open that tuning job."""
    from tui.widgets.tuning_messages import OpenTuningJob

    def open_it() -> None:
        screen.post_message(OpenTuningJob(name))

    return [Command(f"tuning: open tuning job {name}", "Describe this hyperparameter tuning job", open_it)]
