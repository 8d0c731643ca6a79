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
from textual.message import Message

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
    commands += context_commands(screen)
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
    if word.lower() == "where":
        return where_commands(screen, rest)
    if word.lower() == CONTEXT_VERB:
        return typed_context_commands(screen, rest)
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


# -- context (profile, region): `ctx`, as in k9s ----------------------------------------------------
#: The typed verb: `ctx` opens the picker, `ctx PROFILE`, `ctx REGION` or `ctx PROFILE REGION` switches.
CONTEXT_VERB = "ctx"


def context_commands(screen: JobListScreen) -> list[Command]:
    """The fixed entry that opens the context picker (also the key ``C``)."""
    from tui.screens.context_messages import PickContext

    return [
        Command(
            "Context (ctx): switch profile or region",
            "Pick a profile from your AWS files and a region (or type `ctx PROFILE REGION`)",
            partial(_post, screen, PickContext()),
            verb=CONTEXT_VERB,
        )
    ]


def _post(screen: JobListScreen, message: Message) -> None:
    screen.post_message(message)


def parse_context_args(args: str, regions: frozenset[str] | set[str]) -> tuple[str | None, str | None] | None:
    """``PROFILE``, ``REGION`` or ``PROFILE REGION`` → (profile, region), None for either part not
    given; a lone word is a region (or several, ``us-east-1,us-west-2``) when SageMaker has them.
    None: too many words."""
    words = args.split()
    if len(words) == 1:
        word = words[0]
        parts = [part for part in word.split(",") if part]
        return (None, word) if parts and all(part in regions for part in parts) else (word, None)
    if len(words) == 2:
        return words[0], words[1]
    return None


def typed_context_commands(screen: JobListScreen, args: str) -> list[Command]:
    from tui.aws.contexts import sagemaker_regions
    from tui.screens.context_messages import SwitchContext

    parsed = parse_context_args(args, frozenset(sagemaker_regions()))
    if parsed is None:
        return []
    profile, region = parsed
    parts = (f"profile {profile}" if profile else "", f"region {region}" if region else "")
    wanted = " / ".join(part for part in parts if part)
    return [
        Command(
            f"Context: switch to {wanted}",
            "Use this profile and/or region from now on (the list is drawn from its cache at once)",
            partial(_post, screen, SwitchContext(profile, region)),
        )
    ]
# -- hyperparameter tuning jobs ------------------------------------------------------------------
def tuning_commands(screen: JobListScreen) -> list[Command]:
    """``tuning``: the tuning-jobs list (also the `H` key of the job list)."""
    return [Command("tuning: hyperparameter tuning jobs", "List the tuning jobs (key H); "
                    "`tuning NAME` opens one", screen.action_tuning_jobs, verb="tuning")]


def tuning_typed_commands(screen: JobListScreen, name: str) -> list[Command]:
    """``tuning NAME``: open that tuning job."""
    from tui.widgets.tuning_messages import OpenTuningJob

    def open_it() -> None:
        screen.post_message(OpenTuningJob(name))

    return [Command(f"tuning: open tuning job {name}", "Describe this hyperparameter tuning job", open_it)]
