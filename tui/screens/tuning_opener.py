"""Opening the tuning screens: the app hands :mod:`tui.widgets.tuning_messages` here."""

from __future__ import annotations

from typing import Any

from textual.app import App


def open_tuning_jobs(app: App[Any]) -> None:
    """Push the tuning-jobs list (or go back to it when it is already on the stack)."""
    from tui.screens.tuning_list import TuningListScreen

    stack = app.screen_stack
    for index, screen in enumerate(stack):
        if isinstance(screen, TuningListScreen):
            for _ in range(len(stack) - 1 - index):
                app.pop_screen()
            return
    app.push_screen(TuningListScreen())


def open_tuning_job(app: App[Any], name: str) -> None:
    """Push the screen of the tuning job ``name``."""
    from tui.screens.tuning_job import TuningJobScreen

    app.push_screen(TuningJobScreen(name))
