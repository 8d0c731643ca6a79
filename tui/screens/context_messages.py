"""What screens ask about the context (profile, region), and what the app's switcher answers.

Kept apart from :mod:`tui.screens.messages` so the context switch stays one removable piece.
"""

from __future__ import annotations

from textual.message import Message


class PickContext(Message):
    """Open the context picker (the key, the palette's entry, ``:ctx``)."""


class SwitchContext(Message):
    """Switch to ``profile`` in ``region`` (None: keep that part)."""

    def __init__(self, profile: str | None, region: str | None) -> None:
        super().__init__()
        self.profile = profile
        self.region = region


class ContextShown(Message):
    """Sent to the list screen: the header's context (the account, once learnt) changed."""
