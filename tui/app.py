"""The Textual app: wiring only. Screens, widgets, themes and data live in their own modules."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from tui.clock import Clock, SystemClock
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.settings import RunSettings
from tui.themes import DEFAULT_THEME_NAME, available_themes


class SageMakerTUI(App[None]):
    """sagemaker-tui: the job list first; Enter (or --training-job-name) opens a job."""

    TITLE = "sagemaker-tui"
    CSS_PATH = "styles/app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        repository: JobRepository,
        *,
        settings: RunSettings | None = None,
        config: AppConfig | None = None,
        clock: Clock | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.settings = settings or RunSettings()
        self.config = config or AppConfig()
        self.clock = clock or SystemClock()
        self.requested_theme = theme or self.config.theme
        # Registered before the first CSS parse: the stylesheets use this app's theme variables.
        for candidate in available_themes():
            self.register_theme(candidate)
        names = {t.name for t in available_themes()}
        self.theme = self.requested_theme if self.requested_theme in names else DEFAULT_THEME_NAME
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def on_mount(self) -> None:
        from tui.screens.job_list import JobListScreen

        self.push_screen(JobListScreen())
        if self.settings.initial_job:
            self.open_job(self.settings.initial_job)

    def open_job(self, name: str) -> None:
        """Push the detail screen for ``name`` (the list stays beneath, cursor unchanged)."""
        from tui.screens.job_detail import JobDetailScreen

        self.push_screen(JobDetailScreen(name))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())
