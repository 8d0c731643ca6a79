"""The job list's `:` command line (k9s habit): the palette's commands, typed as ``:verb args``.

One registry, no second copy of any command: a line is run by

1. a verb of the command line's own (:data:`VERBS`): ``q``/``quit``, ``sort COLUMN [asc|desc]``,
   ``status STATUS[,STATUS]|all``, ``theme NAME``, ``help``;
2. else the palette's typed commands (:func:`tui.screens.list_commands.typed_commands`: ``name
   TEXT``, ``since 7d`` and whatever is added there later);
3. else the palette's fixed commands and the app's system commands (Ctrl+P lists both): by their
   ``verb`` when they declare one (``Command(..., verb="tuning")``), else by their title
   (:func:`tui.models.command_line.match_titles`: ``:refresh``, ``:pause``,
   ``:server status failed``).

Whatever cannot be run (an unknown verb, a bad argument, an ambiguous title) gives one line that
says why; the typed text stays in the line to be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.aws.statuses import RUNNING_STATUSES, STATUSES
from tui.models.command_line import complete, match_titles, split, suggest
from tui.models.list_view import SORT_COLUMNS
from tui.safe_text import visible
from tui.screens.list_commands import Command, list_screen_commands, typed_commands
from tui.widgets.command_bar import CommandBar

if TYPE_CHECKING:
    from tui.screens.job_list import JobListScreen


class Verb(NamedTuple):
    name: str
    aliases: tuple[str, ...]
    usage: str
    #: Runs the verb with its argument text; returns the error line ("" when it ran).
    run: Callable[[JobListScreen, str], str]
    #: Completions of the argument (``sort modified`` …), for Tab.
    arguments: Callable[[JobListScreen], list[str]]


def _quit(screen: JobListScreen, rest: str) -> str:
    screen.call_later(screen.run_action, "app.quit")
    return ""


def _sort_names() -> dict[str, str]:
    names = {column: column for column in SORT_COLUMNS}
    names.update({column.replace("_", "-"): column for column in SORT_COLUMNS})
    names.update({column.replace("_", ""): column for column in SORT_COLUMNS})
    return names


DIRECTIONS = {"desc": True, "descending": True, "down": True, "↓": True,
              "asc": False, "ascending": False, "up": False, "↑": False}


def _sort(screen: JobListScreen, rest: str) -> str:
    parts = rest.casefold().split()
    usage = f"usage: sort COLUMN [asc|desc] (columns: {', '.join(SORT_COLUMNS)})"
    if not parts or len(parts) > 2:
        return usage
    column = _sort_names().get(parts[0])
    if column is None:
        return f"unknown column {visible(parts[0])!r} (columns: {', '.join(SORT_COLUMNS)})"
    descending: bool | None = None
    if len(parts) == 2:
        if parts[1] not in DIRECTIONS:
            return f"unknown direction {visible(parts[1])!r}: asc or desc"
        descending = DIRECTIONS[parts[1]]
    screen.set_sort(column, descending)
    return ""


def _status_names() -> dict[str, frozenset[str]]:
    names = {status.casefold(): frozenset({status}) for status in STATUSES}
    return names | {"in-progress": frozenset({"InProgress"}), "running": RUNNING_STATUSES}


def _status(screen: JobListScreen, rest: str) -> str:
    wanted = [part for part in rest.replace(",", " ").casefold().split() if part]
    if not wanted or wanted == ["all"]:
        screen.set_statuses(frozenset())
        return ""
    names = _status_names()
    unknown = [part for part in wanted if part not in names]
    if unknown:
        return f"unknown status {visible(unknown[0])!r} (statuses: {', '.join(STATUSES)}, running, all)"
    screen.set_statuses(frozenset().union(*(names[part] for part in wanted)))
    return ""


def _themes(screen: JobListScreen) -> list[str]:
    return sorted(screen.app.available_themes)


def _theme(screen: JobListScreen, rest: str) -> str:
    available = _themes(screen)
    if not rest:
        return f"usage: theme NAME (themes: {', '.join(available)})"
    folded = rest.casefold()
    chosen = [name for name in available if name.casefold() == folded]
    if not chosen:
        chosen = [name for name in available if name.casefold().startswith(folded)]
    if len(chosen) != 1:
        return f"unknown theme {visible(rest)!r} (themes: {', '.join(available)})"
    # The palette's own "Theme: NAME" command: one definition of what switching a theme does.
    for command in palette_commands(screen):
        if command.title == f"Theme: {chosen[0]}":
            command.run()
            return ""
    return f"the theme {chosen[0]!r} cannot be chosen here"


def _help(screen: JobListScreen, rest: str) -> str:
    verbs = ", ".join(verb.usage for verb in VERBS)
    screen.notify(f"Commands: {verbs}; and every Ctrl+P command by its title (:refresh, "
                  f":name TEXT, :since 7d).", timeout=10, markup=False)
    return ""


VERBS: tuple[Verb, ...] = (
    Verb("quit", ("q", "q!", "quit", "exit"), "q", _quit, lambda screen: []),
    Verb("sort", ("sort",), "sort COLUMN [asc|desc]", _sort,
         lambda screen: [f"sort {column}" for column in SORT_COLUMNS]),
    Verb("status", ("status",), "status STATUS|all", _status,
         lambda screen: [f"status {status.casefold()}" for status in STATUSES] + ["status all"]),
    Verb("theme", ("theme",), "theme NAME", _theme,
         lambda screen: [f"theme {name}" for name in _themes(screen)]),
    Verb("help", ("help", "h"), "help", _help, lambda screen: []),
)
_BY_ALIAS = {alias: verb for verb in VERBS for alias in verb.aliases}


def palette_commands(screen: JobListScreen) -> list[Command]:
    """What Ctrl+P lists on this screen: its own fixed commands, then the app's system commands."""
    commands = list_screen_commands(screen)
    for system in screen.app.get_system_commands(screen):
        # call_later: a system command's callback may be a coroutine function.
        commands.append(Command(system.title, system.help, partial(_later, screen, system.callback)))
    return commands


def _later(screen: JobListScreen, callback: Callable[[], Any]) -> None:
    screen.call_later(callback)


def run_line(screen: JobListScreen, text: str) -> str:
    """Run one command line; the error line to show, "" when it ran (or was empty)."""
    verb, rest = split(text)
    if not verb:
        return ""
    own = _BY_ALIAS.get(verb)
    if own is not None:
        return own.run(screen, rest)
    typed = typed_commands(screen, text.strip().removeprefix(":"))
    if typed:
        typed[0].run()
        return ""
    commands = palette_commands(screen)
    by_verb = [command for command in commands if command.verb and command.verb.casefold() == verb]
    if len(by_verb) == 1 and not rest:
        by_verb[0].run()
        return ""
    found = match_titles([command.title for command in commands], text.removeprefix(":"))
    if len(found) == 1:
        commands[found[0]].run()
        return ""
    shown = visible(text.strip().removeprefix(":"))
    if found:
        titles = "; ".join(commands[i].title for i in found[:3])
        more = f" and {len(found) - 3} more" if len(found) > 3 else ""
        return f"{shown!r} is ambiguous: {titles}{more}"
    known = [alias for verb in VERBS for alias in verb.aliases if len(alias) > 2]
    close = suggest(verb, known)
    hint = f"did you mean {close!r}? " if close else ""
    return f"unknown command {shown!r}: {hint}try help, or any Ctrl+P command by its title"


def completions(screen: JobListScreen) -> list[str]:
    """What Tab may complete to, most useful first: the verbs, their arguments, then titles."""
    found = [verb.usage.split()[0] + (" " if " " in verb.usage else "") for verb in VERBS]
    for verb in VERBS:
        found += verb.arguments(screen)
    found += ["name ", "since "]
    commands = palette_commands(screen)
    found += [command.verb for command in commands if command.verb]
    found += [command.title for command in commands]
    return found


def completion(screen: JobListScreen, value: str) -> str | None:
    return complete(value, completions(screen))


# -- the screen's side (JobListScreen delegates its `:` key and the bar's messages here) ----------
def open_command_line(screen: JobListScreen) -> None:
    screen.query_one(CommandBar).open(lambda value: completion(screen, value))


def run_command_line(screen: JobListScreen, text: str) -> None:
    """Run the line; it closes when the command ran, and stays (with its error) when not."""
    bar = screen.query_one(CommandBar)
    error = run_line(screen, text)
    if error:
        bar.set_error(error)
        return
    close_command_line(screen)


def close_command_line(screen: JobListScreen) -> None:
    bar = screen.query_one(CommandBar)
    bar.close()
    if screen.is_attached and screen.app.screen is screen:
        screen.table.focus()
