"""What screens ask of the app: messages that bubble up, so no screen calls (or imports) the app.

The app (``tui.app``) handles each by handing it to the object that owns the work: opening a job and
reading ahead belong to :class:`tui.screens.detail_opener.DetailOpener`, settling the heap to the
launcher's :class:`tui.idle_gc.HeapTuner`.
"""

from __future__ import annotations

from textual.message import Message


class OpenJob(Message):
    """Open ``name`` in the detail screen (the screen beneath stays as it is), on ``tab`` if given."""

    def __init__(self, name: str, tab: str | None = None) -> None:
        super().__init__()
        self.name = name
        self.tab = tab


class CursorRested(Message):
    """The list's cursor is on ``name``: read its cached describe ahead, so Enter paints at once."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ListSettled(Message):
    """A list operation ended and was painted: the moment for one-off work the first open would
    otherwise wait for."""


class CompareJobs(Message):
    """Open the compare screen for ``names`` (2 to 8 jobs, in this order)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names
