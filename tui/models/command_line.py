"""The `:` command line's text handling: splitting, matching commands by title, completion (pure).

What runs is decided in :mod:`tui.screens.command_line`; here only words are compared, so the
rules are unit-tested without a UI:

* a command is typed as ``verb args`` (``:sort modified``, ``:status failed``); a leading ``:`` is
  ignored, so is case;
* a palette command is found from its title: the whole title, or the start of exactly one title
  (``:refresh`` is "Refresh the job list now"), or words that each start a word of exactly one
  title (``:server status failed`` is "Server filter: status = Failed").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[\w.]+")


def split(text: str) -> tuple[str, str]:
    """``(verb, rest)``: the first word, case-folded, and the rest, stripped."""
    text = text.strip().removeprefix(":").strip()
    verb, _, rest = text.partition(" ")
    return verb.casefold(), rest.strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def match_titles(titles: Sequence[str], query: str) -> list[int]:
    """Indexes of the titles ``query`` names, best kind of match only (see the module's rules):
    one index is a command to run, several an ambiguity, none an unknown command."""
    wanted = words(query)
    if not wanted:
        return []
    split_titles = [words(title) for title in titles]
    exact = [i for i, title in enumerate(split_titles) if title == wanted]
    if exact:
        return exact
    start = [i for i, title in enumerate(split_titles) if title[: len(wanted)] == wanted]
    if len(start) == 1:
        return start
    found = [
        i for i, title in enumerate(split_titles)
        if all(any(word.startswith(w) for word in title) for w in wanted)
    ]
    return found


def complete(value: str, candidates: Iterable[str]) -> str | None:
    """The first candidate that ``value`` starts (case-insensitively) and is longer than it, with
    ``value``'s own text kept as typed (Tab then appends only the rest)."""
    if not value.strip():
        return None
    folded = value.casefold()
    for candidate in candidates:
        if len(candidate) > len(value) and candidate.casefold().startswith(folded):
            return value + candidate[len(value):]
    return None


def suggest(word: str, known: Iterable[str]) -> str | None:
    """The known word closest to a mistyped one (``sotr`` → ``sort``), or None."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return close[0] if close else None
