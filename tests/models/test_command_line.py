"""The `:` command line's word handling (issue 17.7): tui.models.command_line."""

from __future__ import annotations

from tui.models.command_line import complete, match_titles, split, suggest

TITLES = [
    "Server filter: status = Failed",
    "Server filter: status = Stopped",
    "Server filter: warm pool = Available",
    "Sort by modified",
    "Refresh the job list now",
    "Pause or resume live refresh",
    "Theme: ansi",
    "Quit",
]


def test_split_takes_the_verb_and_the_rest() -> None:
    assert split(":Sort  modified  desc ") == ("sort", "modified  desc")
    assert split("  q") == ("q", "")
    assert split(":") == ("", "")


def test_a_title_is_found_by_its_start_or_its_words() -> None:
    assert match_titles(TITLES, "refresh") == [4]  # the start of one title beats a word of another
    assert match_titles(TITLES, "pause") == [5]
    assert match_titles(TITLES, "server status failed") == [0]
    assert match_titles(TITLES, "warm avail") == [2]
    assert match_titles(TITLES, "quit") == [7]
    assert match_titles(TITLES, "Theme: ansi") == [6]


def test_ambiguous_and_unknown_lines() -> None:
    assert match_titles(TITLES, "server status") == [0, 1]
    assert match_titles(TITLES, "launch rockets") == []
    assert match_titles(TITLES, "") == []


def test_completion_keeps_what_was_typed() -> None:
    candidates = ["sort ", "status ", "sort modified", "status failed"]
    assert complete("so", candidates) == "sort "
    assert complete("SO", candidates) == "SOrt "
    assert complete("sort m", candidates) == "sort modified"
    assert complete("sort modified", candidates) is None  # nothing longer
    assert complete("", candidates) is None


def test_a_mistyped_verb_gets_a_suggestion() -> None:
    assert suggest("sotr", ["sort", "status", "theme", "quit"]) == "sort"
    assert suggest("xyzzy", ["sort", "status", "theme", "quit"]) is None
