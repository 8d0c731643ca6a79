"""Theme files: the shipped ones, user overrides, every error path, and the app's fallback."""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from textual.color import COLOR_NAME_TO_RGB, Color
from textual.pilot import Pilot

from tests.conftest import FIXED_NOW
from tui import config as config_module
from tui.app import SageMakerTUI
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.settings import RunSettings
from tui.themes import (
    APP_VARIABLES,
    DEFAULT_THEME,
    DEFAULT_THEME_NAME,
    THEME_COLOURS,
    available_themes,
    load_theme_file,
    load_themes,
    shipped_theme_dirs,
    user_themes_dir,
)

SHIPPED = ("ansi", "high-contrast", "sagemaker-dark", "sagemaker-light")
GOOD_THEME = (Path(__file__).resolve().parent.parent / "themes" / "sagemaker-light.toml").read_text()


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "user-config"
    monkeypatch.setattr(config_module, "user_config_dir", lambda: directory)
    (directory / "themes").mkdir(parents=True)
    return directory / "themes"


def theme_text(**replace: str) -> str:
    """The light theme's text with some lines replaced (key -> whole new line, "" to drop it)."""
    lines = []
    for line in GOOD_THEME.splitlines():
        key = line.split("=")[0].strip()
        lines.append(replace.pop(key) if key in replace else line)
    assert not replace, f"keys not in the file: {replace}"
    return "\n".join(lines) + "\n"


def make(directory: Path, name: str, text: str) -> Path:
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the shipped themes -----------------------------------------------------------------------
def test_shipped_themes_load_without_problems(user_dir: Path) -> None:
    catalog = load_themes()
    assert catalog.problems == []
    assert catalog.names() == list(SHIPPED)
    assert [t.name for t in available_themes()] == list(SHIPPED)
    assert all(catalog.origins[name].parent == shipped_theme_dirs()[0] for name in SHIPPED)


def test_builtin_default_is_the_shipped_file() -> None:
    """The fallback used when the file is missing must look the same as the file."""
    assert load_theme_file(shipped_theme_dirs()[0] / "sagemaker-dark.toml") == DEFAULT_THEME


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_theme_sets_every_app_variable(name: str) -> None:
    theme = load_theme_file(shipped_theme_dirs()[0] / f"{name}.toml")
    assert set(APP_VARIABLES) <= set(theme.variables)
    for colour in THEME_COLOURS:
        assert getattr(theme, colour) is not None, colour


def test_ansi_theme_uses_only_the_16_ansi_colours() -> None:
    theme = load_theme_file(shipped_theme_dirs()[0] / "ansi.toml")
    assert theme.ansi
    values = [getattr(theme, c) for c in THEME_COLOURS] + [
        v for k, v in theme.variables.items() if not k.endswith("-style")  # text styles, not colours
    ]
    assert all(Color.parse(v.split()[0]).ansi is not None for v in values), values


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b_ = Color.parse(colour).rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


STATUS_TEXT = [name for name in APP_VARIABLES if name.startswith(("status-", "rule-"))] + ["masked"]


@pytest.mark.parametrize(
    ("name", "minimum"), [("sagemaker-dark", 4.5), ("sagemaker-light", 4.5), ("high-contrast", 7)]
)
def test_status_colours_are_readable_on_the_background(name: str, minimum: float) -> None:
    """WCAG contrast: 4.5:1 for normal text (AA), 7:1 for the high-contrast theme (AAA)."""
    theme = load_theme_file(shipped_theme_dirs()[0] / f"{name}.toml")
    assert theme.background and theme.foreground
    ratios = {v: contrast(theme.variables[v], theme.background) for v in STATUS_TEXT}
    ratios["foreground"] = contrast(theme.foreground, theme.background)
    assert min(ratios.values()) >= minimum, ratios


# -- user themes -----------------------------------------------------------------------------
def test_user_theme_wins_on_a_name_clash_and_new_ones_are_added(user_dir: Path) -> None:
    make(user_dir, "my-light", theme_text(name='name = "sagemaker-light"', primary='primary = "#123456"'))
    make(user_dir, "mine", theme_text(name='name = "mine"'))
    catalog = load_themes()
    assert catalog.problems == []
    assert catalog.themes["sagemaker-light"].primary == "#123456"
    assert catalog.origins["sagemaker-light"] == user_dir / "my-light.toml"
    assert "mine" in catalog.names()


def test_name_defaults_to_the_file_name(user_dir: Path) -> None:
    make(user_dir, "plain", theme_text(name=""))
    assert load_themes().themes["plain"].name == "plain"


def test_missing_default_theme_file_falls_back_to_the_builtin(tmp_path: Path) -> None:
    catalog = load_themes([tmp_path])
    assert catalog.names() == [DEFAULT_THEME_NAME]
    assert catalog.themes[DEFAULT_THEME_NAME] is DEFAULT_THEME


# -- errors: one problem each, with file, line and reason, and a fallback ------------------------
@pytest.mark.parametrize(
    ("replace", "where", "reason"),
    [
        ({"primary": 'primary = "#0b5cad'}, (5, 19), "malformed TOML: illegal character '\\n'"),
        (
            {"panel": ""},
            (1, 1),
            "missing key 'panel' (required: primary, secondary, accent, foreground, "
            "background, surface, panel, warning, error, success, dark)",
        ),
        ({"status-failed": ""}, (16, 1), "[variables] is missing 'status-failed'"),
        (
            {"error": 'error = "#c0262"'},
            (13, 9),
            "error: '#c0262' is not a colour (use #rrggbb, rgb(r,g,b), a colour name or ansi_red …)",
        ),
        (
            {"masked": 'masked = "grey 150"'},
            (33, 10),
            "masked: 'grey 150' is not a colour (optionally followed by an opacity like 50%)",
        ),
        (
            {"status-stopped": "status-stopped = 7"},
            (21, 18),
            'status-stopped: must be a colour string such as "#4fa3ff" or "ansi_blue"',
        ),
        ({"dark": 'dark = "no"'}, (4, 8), "dark must be true or false"),
        (
            {"dark": "drak = false"},
            (4, 1),
            "unknown key 'drak' (valid keys: accent, ansi, background, boost, "
            "dark, error, foreground, luminosity_spread, name, panel, primary, secondary, success, surface, "
            "text_alpha, variables, warning)",
        ),
        (
            {"footer-key-foreground": 'footer-key-colour = "#0b5cad"'},
            (34, 1),
            "unknown variable 'footer-key-colour' (app variables: status-inprogress, status-completed, "
            "status-failed, status-stopping, status-stopped, rule-inprogress, rule-noissuesfound, "
            "rule-issuesfound, rule-error, rule-stopping, rule-stopped, timeline-bar, timeline-bar-current, "
            "timeline-bar-interrupted, timeline-bar-failed, changed-highlight, masked; or any Textual theme "
            "variable such as footer-key-foreground)",
        ),
        (
            {"dark": "dark = false\nansi = true"},
            (6, 11),
            "primary: '#0b5cad' is not one of the 16 ANSI colours "
            "(ansi_red, ansi_bright_blue, ansi_default …), which an `ansi = true` theme must use",
        ),
        (
            {"name": 'name = "my theme"'},
            (3, 8),
            "name must be letters, digits, '-', '_' or '.', like 'my-theme'",
        ),
    ],
)
def test_a_broken_theme_is_one_problem_with_position(
    user_dir: Path, replace: dict[str, str], where: tuple[int, int], reason: str
) -> None:
    path = make(user_dir, "sagemaker-light", theme_text(**replace))
    catalog = load_themes()
    assert [str(p) for p in catalog.problems] == [f"{path}:{where[0]}:{where[1]}: {reason}"]
    # The shipped theme of that name is still there; another broken one falls back to the default.
    assert catalog.origins["sagemaker-light"].parent == shipped_theme_dirs()[0]


def test_broken_theme_without_a_shipped_twin_falls_back_to_the_default(user_dir: Path) -> None:
    make(user_dir, "mine", theme_text(name='name = "mine"', primary='primary = "blurple"'))
    catalog = load_themes()
    assert "mine" not in catalog.themes
    assert catalog.is_known("mine")  # so --theme mine is not "unknown": it falls back, reported
    assert catalog.resolve("mine") == (DEFAULT_THEME_NAME, "Theme 'mine' has an error; using sagemaker-dark.")
    assert catalog.resolve("sagemaker-light") == ("sagemaker-light", None)
    assert catalog.resolve("nope")[0] == DEFAULT_THEME_NAME


def test_two_files_defining_one_name_in_a_directory(user_dir: Path) -> None:
    make(user_dir, "a", theme_text(name='name = "twin"'))
    second = make(user_dir, "b", theme_text(name='name = "twin"'))
    catalog = load_themes()
    assert [str(p) for p in catalog.problems] == [f"{second}:3:8: theme 'twin' is already defined by a.toml"]
    assert catalog.origins["twin"] == user_dir / "a.toml"


def test_user_themes_dir_follows_the_config_dir(user_dir: Path) -> None:
    assert user_themes_dir() == user_dir


# -- the app: registration, one report, fallback, live switching -------------------------------
def app_for(theme: str | None = None) -> SageMakerTUI:
    return SageMakerTUI(JobRepository(client=None), settings=RunSettings(live=False), theme=theme)


def test_broken_theme_is_reported_once_and_the_app_falls_back(user_dir: Path) -> None:
    path = make(user_dir, "mine", theme_text(name='name = "mine"', error='error = "#c0262"'))

    async def scenario() -> None:
        app = app_for("mine")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.theme = "sagemaker-light"  # switching themes must not report again
            await pilot.pause()
            app.theme = DEFAULT_THEME_NAME
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert app.theme == DEFAULT_THEME_NAME
        assert messages == [
            f"{path}:13:9: error: '#c0262' is not a colour (use #rrggbb, rgb(r,g,b), a colour name or "
            "ansi_red …)\nTheme 'mine' has an error; using sagemaker-dark."
        ]

    asyncio.run(scenario())


def test_no_report_when_all_themes_are_fine(user_dir: Path) -> None:
    async def scenario() -> None:
        app = app_for()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert list(app._notifications) == []
            assert app.theme == DEFAULT_THEME_NAME

    asyncio.run(scenario())


def test_palette_offers_only_this_apps_themes_and_each_applies(user_dir: Path) -> None:
    """Textual's own themes lack the app's variables, so they are not offered."""

    async def scenario() -> None:
        app = app_for()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert sorted(app.available_themes) == list(SHIPPED)
            for name in SHIPPED:
                app.theme = name
                await pilot.pause()  # the stylesheet re-parses with the new variables
                assert (
                    app.theme_variables["status-failed"]
                    == app.available_themes[name].variables["status-failed"]
                )

    asyncio.run(scenario())


def test_command_palette_switches_theme_live(user_dir: Path) -> None:
    async def scenario() -> None:
        app = app_for()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Theme: high-contrast")
            await pilot.pause(0.3)  # the palette searches asynchronously
            await pilot.press("enter")
            await pilot.pause()
            assert app.theme == "high-contrast"

    asyncio.run(scenario())


# -- stylesheets use theme variables only ---------------------------------------------------------
PACKAGE = Path(__file__).resolve().parent.parent / "tui"
COLOUR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(")


def stylesheets() -> list[tuple[str, str]]:
    """(where, css) for every .tcss file and every CSS/DEFAULT_CSS string in the package."""
    found = [(str(p.relative_to(PACKAGE.parent)), p.read_text("utf-8")) for p in PACKAGE.rglob("*.tcss")]
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if {"CSS", "DEFAULT_CSS"} & set(names) and isinstance(node.value.value, str):
                    found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node.value.value))
    return found


def literal_colours(css: str) -> list[str]:
    """Declarations that name a colour instead of a $variable ("transparent"/"auto" are fine)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    bad = []
    for prop, value in re.findall(r"([a-z-]+)\s*:\s*([^;{}]+);", css):
        words = value.split()
        if COLOUR_LITERAL.search(value) or any(w in COLOR_NAME_TO_RGB and w != "transparent" for w in words):
            bad.append(f"{prop}: {value.strip()}")
    return bad


def test_literal_colour_detector() -> None:
    assert literal_colours(
        "A { color: #fff; background: $panel; border: tall red; tint: rgb(1,2,3) 20%; }"
    ) == [
        "color: #fff",
        "border: tall red",
        "tint: rgb(1,2,3) 20%",
    ]
    assert literal_colours("A { background: transparent; color: $status-failed 50%; }") == []


def test_stylesheets_use_theme_variables_only() -> None:
    """A literal colour ignores the user's theme (and the ansi theme's promise to use only the
    terminal's palette)."""
    offenders = {where: bad for where, css in stylesheets() if (bad := literal_colours(css))}
    assert offenders == {}


# -- snapshots: the list (and a detail tab) in every shipped theme, and with NO_COLOR --------------
def list_app(theme: str) -> SageMakerTUI:
    from tests.screens.fakes import FakeRepository, fleet
    from tui.clock import FixedClock

    return SageMakerTUI(
        FakeRepository([[fleet()]]),
        settings=RunSettings(live=False, profile_label="ml-prod", location_label="us-east-1"),
        clock=FixedClock(FIXED_NOW),
        theme=theme,
    )


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("theme", SHIPPED)
def test_list_snapshot_in_each_theme(snap_compare: Any, user_dir: Path, theme: str) -> None:
    """The 12-job list at 80x24 in this theme: every status in its own theme colour (InProgress,
    Completed, Failed, Stopping, Stopped distinguishable), header, cursor row and footer readable."""
    assert snap_compare(list_app(theme), terminal_size=(80, 24), run_before=settle)


def test_list_snapshot_with_no_color(
    snap_compare: Any, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR=1: the same list in greys only; the cursor row, header and footer keys still stand
    out by brightness, and statuses are read from their words."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(list_app(DEFAULT_THEME_NAME), terminal_size=(80, 24), run_before=settle)


def detail_app_in(theme: str) -> SageMakerTUI:
    from tests.screens.detail_fakes import detail_app

    return detail_app("maximal", config=AppConfig(theme=theme))


async def on_timeline_tab(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)


@pytest.mark.parametrize("theme", SHIPPED)
def test_detail_timeline_snapshot_in_each_theme(snap_compare: Any, user_dir: Path, theme: str) -> None:
    """The maximal job's Timeline tab at 80x24 in this theme: the header's Completed badge in the
    status colour and the failure-reason line in the warning colour; the "Time by status" bars in
    the timeline colour with the Interrupted bar in the interrupted colour; the first transitions."""
    assert snap_compare(detail_app_in(theme), terminal_size=(80, 24), run_before=on_timeline_tab)


def test_detail_timeline_snapshot_with_no_color(
    snap_compare: Any, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR=1: the same tab in greys; bars are still drawn (their lengths carry the meaning)
    and the transition names and durations are all there as text."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(detail_app_in(DEFAULT_THEME_NAME), terminal_size=(80, 24), run_before=on_timeline_tab)
