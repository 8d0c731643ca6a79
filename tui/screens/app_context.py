"""What screens may read from the app they run in: its settings, config, clock and repository.

A Protocol, so that screens depend on these four attributes, not on the app class (which imports
the screens): the app is the wiring above them, and screens reach it only by posting messages
(:mod:`tui.screens.messages`).
"""

from __future__ import annotations

from typing import Protocol

from tui.clock import Clock
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.settings import RunSettings


class AppContext(Protocol):
    repository: JobRepository
    settings: RunSettings
    config: AppConfig
    clock: Clock
