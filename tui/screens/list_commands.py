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
    #: The word that runs it from the `:` command line (``:tuning``), besides its title's words
    #: (see :mod:`tui.screens.command_line`); "" for none.
    verb: str = ""


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
    commands += marks_and_query_commands(screen)
    return commands


def typed_commands(screen: JobListScreen, query: str) -> list[Command]:
    """Commands built from what the user typed: ``name TEXT``, ``since 7d``."""
    word, _, rest = query.strip().partition(" ")
    rest = rest.strip()
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
    if word.lower() == "where":
        return where_commands(screen, rest)
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


# -- marks, compare and queries (issue 21) ---------------------------------------------------------
def marks_and_query_commands(screen: JobListScreen) -> list[Command]:
    """Compare the marked jobs, clear the marks, and the ``where`` query's entries."""
    from tui.models.compare import MAX_JOBS, MIN_JOBS

    commands = [
        Command(
            "Compare the marked jobs",
            f"Open the compare screen for the {MIN_JOBS} to {MAX_JOBS} jobs marked with space",
            screen.action_compare,
        ),
        Command("Clear marks", "Unmark every marked job (ctrl+space)", screen.action_clear_marks),
        Command(
            "Query: where …",
            "Type `where EXPR` (e.g. `where Tags.team = vision`): only the jobs SageMaker Search finds",
            lambda: screen.notify("Type `where EXPR` in the command palette.", timeout=4, markup=False),
        ),
    ]
    if screen.where is not None:
        commands.append(
            Command(
                "Query: clear",
                f"Drop `where {screen.where.text}` and list every job",
                partial(screen.apply_where, ""),
            )
        )
    return commands


def where_commands(screen: JobListScreen, text: str) -> list[Command]:
    """``where EXPR``: the query as one command, or its mistake as one line naming the column."""
    from tui.models.where import WhereError, parse_where
    from tui.screens.job_list_marks import where_properties

    try:
        parse_where(text, screen.tui.clock.now(), properties=where_properties())
    except WhereError as exc:
        problem = f"where: {exc}"
        return [Command(problem, "Fix the query (README: Query the fleet)",
                        lambda: screen.notify(visible(problem), severity="error", markup=False))]
    return [
        Command(
            f"Query: where {text}",
            "List only the jobs this SageMaker Search query finds (refreshes run it again)",
            partial(screen.apply_where, text),
        )
    ]
