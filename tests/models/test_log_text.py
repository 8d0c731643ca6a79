"""Log lines take the app's one sanitising path (tui.safe_text), plus a log line's own rules."""

from __future__ import annotations

import pytest

from tests.hostile import PAYLOADS
from tui import safe_text
from tui.models.log_text import MAX_SHOWN, visible

#: Marks the log view's own pattern let through before (zero-width space/joiners, line and
#: paragraph separators, word joiner, invisible operators, interlinear annotations).
FORMERLY_MISSED = ["a\u200bb", "a\u200db", "a\u2028b", "a\u2029b", "a\u2060b", "a\u2063b", "a\ufff9b"]


@pytest.mark.parametrize("line", [*PAYLOADS, *FORMERLY_MISSED, "\x1b]52;c;aGVsbG8=\x07", "[bold]x[/bold]"])
def test_log_lines_are_made_visible_exactly_as_safe_text_does(line: str) -> None:
    shown = visible(line)
    assert shown == safe_text.visible(line.expandtabs(4))
    assert not safe_text.has_unsafe(shown)


def test_tabs_become_spaces_and_huge_lines_are_cut() -> None:
    assert visible("a\tb") == "a   b"
    line = "x" * (MAX_SHOWN + 10)
    assert visible(line, limit=MAX_SHOWN) == "x" * MAX_SHOWN + "… (+10 characters)"


def test_zero_width_marks_are_shown_not_hidden() -> None:
    assert visible("pay\u200bload") == "pay‹U+200B›load"
