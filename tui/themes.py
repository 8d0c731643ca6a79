"""Themes: TOML files turned into Textual themes plus this app's colour variables.

Files are read from the themes shipped with the package (``themes/*.toml``) and then from
``<user config dir>/themes/*.toml``; a user theme with the same name replaces the shipped one.
A file with a mistake never stops the app: it is collected as a :class:`ThemeProblem`
(``file:line:col: reason``), reported once by the app, and the app falls back to the default.

App variables every stylesheet may use (and nothing else for colour):
  status-inprogress status-completed status-failed status-stopping status-stopped
  rule-inprogress rule-noissuesfound rule-issuesfound rule-error rule-stopping rule-stopped
  timeline-bar timeline-bar-current timeline-bar-interrupted timeline-bar-failed
  changed-highlight masked
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.design import ColorSystem
from textual.theme import Theme

from tui import config as config_module
from tui.config import ConfigFileError, locate_key, locate_table, read_toml, valid_names

DEFAULT_THEME_NAME = "sagemaker-dark"

#: The app's variables with the default theme's values (also the fallback for any theme
#: registered without them, so a stylesheet never fails to parse).
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

#: Optional variables (a theme may leave them out): the colour and text style of pane headings.
#: Without them headings are $primary, bold. The ansi theme sets them: no ANSI hue reads at 3:1 on
#: both a black and a white background across common palettes (tests/test_themes.py measures it),
#: so its headings are the terminal's own foreground, bold and underlined.
OPTIONAL_VARIABLES = ("heading", "heading-style")

#: Under NO_COLOR Textual turns every colour into a grey of the same luminance, so a red failure
#: came out grey 244, dimmer than body text. There the failure variables are the brightest white
#: (bold where they are text, and the detail header's status badge becomes black on white).
NO_COLOR_VARIABLES = {
    "status-failed": "#ffffff",
    "rule-error": "#ffffff",
    "timeline-bar-failed": "#ffffff",
}

#: Built in so the app always has a theme, even when themes/sagemaker-dark.toml is missing or
#: broken. tests/test_themes.py checks it equals the shipped file.
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

#: The Textual theme colours every theme file sets.
THEME_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "warning",
    "error",
    "success",
)
_REQUIRED = (*THEME_COLOURS, "dark")
_OPTIONAL = ("name", "ansi", "boost", "luminosity_spread", "text_alpha")
_TOP_LEVEL = (*_REQUIRED, *_OPTIONAL, "variables")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class ThemeProblem:
    """One broken theme file: where and why. ``name`` is the theme it meant to define."""

    path: Path
    line: int | None
    col: int | None
    reason: str
    name: str

    def __str__(self) -> str:
        return str(ConfigFileError(self.path, self.line, self.col, self.reason))


@dataclass
class ThemeCatalog:
    """Every usable theme by name, where each came from, and the files that could not be used."""

    themes: dict[str, Theme] = field(default_factory=dict)
    origins: dict[str, Path] = field(default_factory=dict)
    problems: list[ThemeProblem] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted(self.themes)

    def is_known(self, name: str) -> bool:
        """A usable theme, or one whose file exists but is broken (that falls back, reported)."""
        return name in self.themes or any(p.name == name for p in self.problems)

    def resolve(self, requested: str | None) -> tuple[str, str | None]:
        """The theme to use for ``requested`` and, when it cannot be used, why (for a notice)."""
        if not requested or requested in self.themes:
            return requested or DEFAULT_THEME_NAME, None
        if any(p.name == requested for p in self.problems):
            why = f"Theme {requested!r} has an error; using {DEFAULT_THEME_NAME}."
        else:
            why = (
                f"Unknown theme {requested!r} (available: {', '.join(self.names())}); "
                f"using {DEFAULT_THEME_NAME}."
            )
        return DEFAULT_THEME_NAME, why

    def report(self) -> str | None:
        """One message for every broken file (None when all are fine)."""
        if not self.problems:
            return None
        return "\n".join(str(p) for p in self.problems)


# -- where themes are -------------------------------------------------------------------------
def shipped_theme_dirs() -> list[Path]:
    """The package's ``themes/`` when installed (hatch copies it to tui/themes), else the repo's."""
    package = Path(__file__).resolve().parent
    return [d for d in (package / "themes", package.parent / "themes") if d.is_dir()][:1]


def user_themes_dir() -> Path:
    # Looked up through the module so a test patching config.user_config_dir moves this too.
    return config_module.user_config_dir() / "themes"


def theme_dirs() -> list[Path]:
    """Directories in load order: later ones win on name clashes (the user's come last)."""
    return [*shipped_theme_dirs(), user_themes_dir()]


# -- loading ----------------------------------------------------------------------------------
def load_themes(dirs: Sequence[Path] | None = None) -> ThemeCatalog:
    """Every ``*.toml`` theme in ``dirs`` (default: :func:`theme_dirs`); never raises."""
    catalog = ThemeCatalog()
    for directory in theme_dirs() if dirs is None else dirs:
        defined_here: dict[str, Path] = {}
        for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
            try:
                theme = load_theme_file(path)
            except ConfigFileError as exc:
                catalog.problems.append(
                    ThemeProblem(path, exc.line, exc.col, exc.reason, _intended_name(path))
                )
                continue
            if theme.name in defined_here:
                line, col = locate_key(path.read_text("utf-8"), "", "name") or (1, 1)
                reason = f"theme {theme.name!r} is already defined by {defined_here[theme.name].name}"
                catalog.problems.append(ThemeProblem(path, line, col, reason, theme.name))
                continue
            defined_here[theme.name] = path
            catalog.themes[theme.name] = theme
            catalog.origins[theme.name] = path
    if DEFAULT_THEME_NAME not in catalog.themes:
        catalog.themes[DEFAULT_THEME_NAME] = DEFAULT_THEME
    return catalog


def available_themes() -> list[Theme]:
    """Every theme the app can switch to."""
    catalog = load_themes()
    return [catalog.themes[name] for name in catalog.names()]


def _intended_name(path: Path) -> str:
    try:
        data, _ = read_toml(path)
    except ConfigFileError:
        return path.stem
    name = data.get("name")
    return name if isinstance(name, str) and name else path.stem


def load_theme_file(path: Path) -> Theme:
    """One theme file -> a Textual Theme; :class:`ConfigFileError` (with a position) otherwise."""
    data, text = read_toml(path)
    return parse_theme(data, text, path)


def parse_theme(data: dict[str, Any], text: str, path: Path) -> Theme:
    def fail(table: str, key: str, reason: str, *, of_key: bool = False) -> ConfigFileError:
        at = locate_key(text, table, key, of_key=of_key) or locate_table(text, table or key) or (1, 1)
        return ConfigFileError(path, at[0], at[1], reason)

    for key in data:
        if key not in _TOP_LEVEL:
            raise fail("", key, f"unknown key {key!r} (valid keys: {valid_names(_TOP_LEVEL)})", of_key=True)
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise ConfigFileError(path, 1, 1, f"missing key {missing[0]!r} (required: {', '.join(_REQUIRED)})")

    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise fail("", "name", "name must be letters, digits, '-', '_' or '.', like 'my-theme'")
    ansi = data.get("ansi", False)
    for flag in ("dark", "ansi"):
        if flag in data and not isinstance(data[flag], bool):
            raise fail("", flag, f"{flag} must be true or false")
    colours: dict[str, str] = {}
    for key in (*THEME_COLOURS, "boost"):
        if key in data:
            try:
                colours[key] = _colour(data[key], ansi_only=ansi)
            except ValueError as exc:
                raise fail("", key, f"{key}: {exc}") from None
    numbers: dict[str, float] = {}
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise fail("", key, f"{key} must be a number from 0 to 1")
            numbers[key] = float(value)
    variables = _variables(data.get("variables"), text, path, ansi_only=ansi)
    if ansi:
        # Textual's ANSI design system leaves these out, but its own widgets' :ansi rules use them
        # (Textual's ansi-dark/ansi-light themes set them the same way).
        pair = ("ansi_black", "ansi_white") if data["dark"] else ("ansi_white", "ansi_black")
        variables.setdefault("ansi-background", pair[0])
        variables.setdefault("ansi-foreground", pair[1])
    return Theme(
        name=name,
        dark=data["dark"],
        ansi=ansi,
        variables=variables,
        **colours,  # type: ignore[arg-type]
        **numbers,  # type: ignore[arg-type]
    )


def _variables(table: Any, text: str, path: Path, *, ansi_only: bool) -> dict[str, str]:
    header = locate_table(text, "variables") or (1, 1)
    if not isinstance(table, dict):
        reason = "missing [variables] table" if table is None else "variables must be a table"
        raise ConfigFileError(path, *header, f"{reason} (required: {', '.join(APP_VARIABLES)})")
    missing = [name for name in APP_VARIABLES if name not in table]
    if missing:
        raise ConfigFileError(path, *header, f"[variables] is missing {missing[0]!r}")
    variables: dict[str, str] = {}
    for name, value in table.items():
        at = locate_key(text, "variables", name) or header
        if name not in APP_VARIABLES and name not in OPTIONAL_VARIABLES and name not in textual_variables():
            at = locate_key(text, "variables", name, of_key=True) or header
            reason = (
                f"unknown variable {name!r} (app variables: {', '.join(APP_VARIABLES)}; "
                "or any Textual theme variable such as footer-key-foreground)"
            )
            raise ConfigFileError(path, at[0], at[1], reason)
        try:
            if name.endswith("-style") or name.endswith("-style-hover"):
                variables[name] = _text_style(value)
            else:
                variables[name] = _colour(value, ansi_only=ansi_only, allow_alpha=True)
        except ValueError as exc:
            raise ConfigFileError(path, at[0], at[1], f"{name}: {exc}") from None
    return variables


@lru_cache(maxsize=1)
def textual_variables() -> frozenset[str]:
    """Every variable Textual's design system defines (plain and ANSI themes)."""
    names: set[str] = set()
    for ansi in (False, True):
        names.update(ColorSystem("#000000", ansi=ansi).generate())
    return frozenset(names)


def _colour(value: Any, *, ansi_only: bool, allow_alpha: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a colour string such as \"#4fa3ff\" or \"ansi_blue\"")
    parts = value.split()
    colour, alpha = parts[0], parts[1:]
    if alpha and not (allow_alpha and len(alpha) == 1 and re.fullmatch(r"\d{1,3}%", alpha[0])):
        raise ValueError(f"{value!r} is not a colour (optionally followed by an opacity like 50%)")
    if colour == "auto" and allow_alpha and not ansi_only:
        return value
    try:
        parsed = Color.parse(colour)
    except ColorParseError:
        raise ValueError(
            f"{colour!r} is not a colour (use #rrggbb, rgb(r,g,b), a colour name or ansi_red …)"
        ) from None
    if ansi_only and parsed.ansi is None and colour != "transparent":
        raise ValueError(
            f"{colour!r} is not one of the 16 ANSI colours (ansi_red, ansi_bright_blue, "
            "ansi_default …), which an `ansi = true` theme must use"
        )
    return value


def _text_style(value: Any) -> str:
    if not isinstance(value, str) or not all(word in VALID_STYLE_FLAGS for word in value.split()):
        raise ValueError(f"must be text style words ({valid_names(sorted(VALID_STYLE_FLAGS))})")
    return value


def theme_summaries(themes: Iterable[Theme]) -> list[tuple[str, str]]:
    """(name, one-line description) for the command palette."""
    return [
        (t.name, ("ANSI colours only" if t.ansi else "dark" if t.dark else "light"))
        for t in sorted(themes, key=lambda t: t.name)
    ]
