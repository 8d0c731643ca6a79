"""Themes: Textual themes plus this app's variables. (Loading from themes/*.toml lands with issue 7;
until then the built-in default below is the only one.)

App variables every stylesheet may use (and nothing else for colour):
  status-inprogress status-completed status-failed status-stopping status-stopped
  rule-inprogress rule-noissuesfound rule-issuesfound rule-error rule-stopping rule-stopped
  timeline-bar timeline-bar-current timeline-bar-interrupted timeline-bar-failed
  changed-highlight masked
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME_NAME = "sagemaker-dark"

APP_VARIABLES = {
    "status-inprogress": "#4fa3ff",
    "status-completed": "#5fd37a",
    "status-failed": "#ff5f5f",
    "status-stopping": "#ffb347",
    "status-stopped": "#b0b0b0",
    "rule-inprogress": "#4fa3ff",
    "rule-noissuesfound": "#5fd37a",
    "rule-issuesfound": "#ffb347",
    "rule-error": "#ff5f5f",
    "rule-stopping": "#b0b0b0",
    "rule-stopped": "#b0b0b0",
    "timeline-bar": "#4fa3ff",
    "timeline-bar-current": "#5fd37a",
    "timeline-bar-interrupted": "#ffb347",
    "timeline-bar-failed": "#ff5f5f",
    "changed-highlight": "#665c00",
    "masked": "#808080",
}

DEFAULT_THEME = Theme(
    name=DEFAULT_THEME_NAME,
    primary="#4fa3ff",
    secondary="#8a7fff",
    accent="#ffb347",
    foreground="#e0e0e0",
    background="#121417",
    surface="#1b1e23",
    panel="#252a31",
    warning="#ffb347",
    error="#ff5f5f",
    success="#5fd37a",
    dark=True,
    variables=APP_VARIABLES,
)


def available_themes() -> list[Theme]:
    """Every theme the app can switch to."""
    return [DEFAULT_THEME]
