"""What the tuning-job screens and links ask of the app: messages that bubble up (no widget or
screen calls the app). The app hands them to :mod:`tui.screens.tuning_opener`."""

from __future__ import annotations

from textual.message import Message


class OpenTuningJobs(Message):
    """Show the tuning-jobs list."""


class OpenTuningJob(Message):
    """Open the tuning job ``name`` (the screen beneath stays as it is)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
