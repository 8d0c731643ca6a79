"""The list's one-line header: where we are, how many jobs, which filters, how fresh.

The refresh state stays on the right and is never cut; the left part is cut with an ellipsis on
narrow terminals. Nothing here redraws on its own (no clock): the screen updates it when something
changed, so an idle terminal receives nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.models.elide import elide_end
from tui.safe_text import visible


@dataclass(frozen=True)
class HeaderInfo:
    profile: str = "default"
    location: str = ""
    #: The account the credentials reach, once known ("" until then).
    account: str = ""
    count: str = ""
    filters: str = ""
    #: ``modified ↓``: the sort, said in words too (the arrow in the column titles is easy to miss).
    sort: str = ""
    state: str = ""
    #: "ok", "paused", or "problem" (colours the state).
    tone: str = "ok"


def count_label(shown: int, total: int, *, loading: bool, first: bool, seen: int) -> str:
    """``1,234 jobs``, ``87 of 1,234 jobs``; while paging, ``loading… 300 so far`` on the first
    list, ``1,234 jobs · loading… 300 so far`` on a re-list (pure)."""
    if loading and (first or total == 0):
        return f"loading… {seen:,} so far"
    noun = "job" if total == 1 else "jobs"
    text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
    if loading:
        text += f" · loading… {seen:,} so far"
    return text


class ListHeader(Widget):
    COMPONENT_CLASSES = {
        "list-header--label",
        "list-header--value",
        "list-header--ok",
        "list-header--paused",
        "list-header--problem",
    }

    DEFAULT_CSS = """
    ListHeader { height: 1; background: $panel; color: $foreground; }
    ListHeader > .list-header--label { color: $text-muted; }
    ListHeader > .list-header--value { color: $foreground; text-style: bold; }
    ListHeader > .list-header--ok { color: $success; }
    ListHeader > .list-header--paused { color: $warning; text-style: bold; }
    ListHeader > .list-header--problem { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = HeaderInfo()
        #: ``actions on · watching …`` (set by the screen's job actions), right of the filters.
        self.marks = ""

    def set_marks(self, marks: str) -> None:
        if marks != self.marks:
            self.marks = marks
            self.refresh()

    def show(self, info: HeaderInfo) -> None:
        if info != self.info:
            self.info = info
            self.refresh()

    def render(self) -> Text:
        info = self.info
        label = self.get_component_rich_style("list-header--label", partial=True)
        value = self.get_component_rich_style("list-header--value", partial=True)
        tone = self.get_component_rich_style(f"list-header--{info.tone}", partial=True)
        # The profile, the endpoint and the filters are the user's text (or the environment's).
        parts: list[tuple[str, Style]] = [(" ", label), (visible(info.profile), value)]
        if info.account:
            parts += [(" │ ", label), (visible(info.account), value)]
        if info.location:
            parts += [(" │ ", label), (visible(info.location), value)]
        if info.count:
            parts += [(" │ ", label), (info.count, value)]
        if info.filters:
            parts += [(" │ filter ", label), (visible(info.filters), value)]
        if info.sort:
            parts += [(" │ sort: ", label), (info.sort, value)]
        right = f" {info.state} " if info.state else ""
        if self.marks:  # the user's own job names: kept to one line, markers for controls
            right = f" {visible(self.marks)} │{right or ' '}"
        width = self.size.width
        room = max(0, width - cell_len(right))
        left = Text()
        used = 0
        for text, style in parts:
            length = cell_len(text)
            if used + length > room:
                if room - used >= 1:
                    left.append(elide_end(text, room - used), style)
                used = room
                break
            left.append(text, style)
            used += length
        left.append(" " * max(0, room - used))
        left.append(right, tone)
        return left
