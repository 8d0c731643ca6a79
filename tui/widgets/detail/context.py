"""What every pane needs besides the job: the time, the theme's colours, what just changed, masking.

Colours come only from the app's theme variables ($status-*, $rule-*, $timeline-*,
$changed-highlight, $masked and Textual's own), turned into Rich styles once per theme.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from typing import Any

from rich.style import Style
from textual.color import Color, ColorParseError

from tui.models.derived import Path, path_changed


def _rich_color(variables: Mapping[str, str], name: str) -> Any:
    value = variables.get(name)
    if not value:
        return None
    try:
        color = Color.parse(value)
        if color.a < 1 and color.ansi is None:
            # Rich has no alpha: composite translucent colours ($foreground-muted) on the background.
            color = Color.parse(variables.get("background", "black")) + color
        return color.rich_color
    except (ColorParseError, ValueError, TypeError):
        return None  # e.g. "auto 87%": not a concrete colour, so leave it to the terminal


def _fg(variables: Mapping[str, str], name: str, **extra: Any) -> Style:
    return Style(color=_rich_color(variables, name), **extra)


def heading_style(variables: Mapping[str, str]) -> Style:
    """Pane headings: the theme's ``heading`` colour and ``heading-style`` (default: $primary, bold)."""
    name = "heading" if variables.get("heading") else "primary"
    words = variables.get("heading-style") or "bold"
    return Style(color=_rich_color(variables, name)) + Style.parse(words)


STATUS_NAMES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
RULE_NAMES = ("InProgress", "NoIssuesFound", "IssuesFound", "Error", "Stopping", "Stopped")
BAR_KINDS = ("normal", "current", "interrupted", "failed")


@dataclass(frozen=True)
class Palette:
    """Rich styles for the panes; ``Palette()`` is colourless (for tests and NO_COLOR)."""

    title: Style = field(default_factory=lambda: Style(bold=True))
    label: Style = field(default_factory=lambda: Style(dim=True))
    muted: Style = field(default_factory=lambda: Style(dim=True))
    changed: Style = field(default_factory=lambda: Style(reverse=True))
    masked: Style = field(default_factory=lambda: Style(dim=True))
    error: Style = field(default_factory=lambda: Style(bold=True))
    warning: Style = field(default_factory=lambda: Style(bold=True))
    link: Style = field(default_factory=lambda: Style(underline=True))
    status: Mapping[str, Style] = field(default_factory=dict)
    rule: Mapping[str, Style] = field(default_factory=dict)
    bar: Mapping[str, Style] = field(default_factory=dict)

    def for_status(self, status: str | None) -> Style:
        return self.status.get(status or "", Style())

    def for_rule(self, status: str | None) -> Style:
        return self.rule.get(status or "", Style())

    def for_bar(self, kind: str) -> Style:
        return self.bar.get(kind, Style())

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Palette:
        """The palette of a theme (``App.theme_variables``)."""
        return cls(
            title=heading_style(variables),
            label=_fg(variables, "foreground-muted"),
            muted=_fg(variables, "foreground-muted"),
            changed=Style(bgcolor=_rich_color(variables, "changed-highlight")),
            masked=_fg(variables, "masked"),
            error=_fg(variables, "error", bold=True),
            warning=_fg(variables, "warning", bold=True),
            link=_fg(variables, "primary", underline=True),
            status={s: _fg(variables, f"status-{s.lower()}", bold=True) for s in STATUS_NAMES},
            rule={
                s: _fg(variables, f"rule-{s.lower()}", bold=s in ("IssuesFound", "Error")) for s in RULE_NAMES
            },
            bar={
                "normal": _fg(variables, "timeline-bar"),
                "current": _fg(variables, "timeline-bar-current"),
                "interrupted": _fg(variables, "timeline-bar-interrupted"),
                "failed": _fg(variables, "timeline-bar-failed"),
            },
        )


@dataclass(frozen=True)
class RenderContext:
    """Everything besides the job that decides how a pane looks."""

    now: datetime
    palette: Palette = field(default_factory=Palette)
    #: Response paths changed by the last refresh (highlighted briefly).
    changed: frozenset[Path] = frozenset()
    #: Environment values shown in clear (the user pressed the reveal key on this screen).
    reveal_environment: bool = False
    #: Zone for absolute timestamps (None = the machine's local zone).
    zone: tzinfo | None = timezone.utc

    def is_changed(self, path: Path | None) -> bool:
        return bool(path) and bool(self.changed) and path_changed(self.changed, path or ())
