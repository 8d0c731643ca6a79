"""The ansi theme's pane headings read on a black and on a white background (issue 17, item 23).

An ``ansi = true`` theme names ANSI colours; the terminal's palette decides their RGB. Headings in
plain blue were unreadable on black. The check: in each of these common palettes, the heading's
colour has at least the WCAG 3:1 contrast (the threshold for bold text) on black and on white,
where the terminal's default foreground is white on a black terminal and black on a white one.
"""

from __future__ import annotations

import pytest
from rich.style import Style

from tests.screens.detail_fakes import detail_app
from tests.screens.fakes import async_test, settle
from tui.themes import load_themes
from tui.widgets.detail.context import heading_style

#: (name, {ANSI colour number: RGB}) for the hues that could serve as a heading.
PALETTES: dict[str, dict[int, tuple[int, int, int]]] = {
    "xterm": {1: (205, 0, 0), 2: (0, 205, 0), 3: (205, 205, 0), 4: (0, 0, 238), 5: (205, 0, 205),
              6: (0, 205, 205), 12: (92, 92, 255), 13: (255, 0, 255), 14: (0, 255, 255)},
    "linux console (VGA)": {1: (170, 0, 0), 2: (0, 170, 0), 3: (170, 85, 0), 4: (0, 0, 170), 5: (170, 0, 170),
                            6: (0, 170, 170), 12: (85, 85, 255), 13: (255, 85, 255), 14: (85, 255, 255)},
    "Windows Campbell": {1: (197, 15, 31), 2: (19, 161, 14), 3: (193, 156, 0), 4: (0, 55, 218),
                         5: (136, 23, 152), 6: (58, 150, 221), 12: (59, 120, 255), 13: (180, 0, 158),
                         14: (97, 214, 214)},
    "GNOME Tango": {1: (204, 0, 0), 2: (78, 154, 6), 3: (196, 160, 0), 4: (52, 101, 164), 5: (117, 80, 123),
                    6: (6, 152, 154), 12: (114, 159, 207), 13: (173, 127, 168), 14: (52, 226, 226)},
    "macOS Terminal": {1: (153, 0, 0), 2: (0, 166, 0), 3: (153, 153, 0), 4: (0, 0, 178), 5: (178, 0, 178),
                       6: (0, 166, 178), 12: (0, 0, 255), 13: (229, 0, 229), 14: (0, 229, 229)},
}
BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RGB = tuple[int, int, int]


def on(style: Style, palette: dict[int, RGB], background: RGB) -> RGB:
    """The RGB a terminal with ``palette`` and ``background`` draws ``style``'s colour in."""
    color = style.color
    if color is None or color.is_default:
        return WHITE if background == BLACK else BLACK  # the terminal's own foreground
    assert color.number is not None, f"the ansi theme must name ANSI colours, not {color}"
    return palette[color.number]


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("background", [BLACK, WHITE], ids=["on black", "on white"])
def test_ansi_headings_read_on_black_and_on_white(palette: str, background: tuple[int, int, int]) -> None:
    theme = load_themes().themes["ansi"]
    variables = {**theme.to_color_system().generate(), **theme.variables}
    style = heading_style(variables)
    assert style.bold
    assert contrast(on(style, PALETTES[palette], background), background) >= 3.0


def test_no_single_ansi_hue_would_do() -> None:
    """Why the ansi theme uses the terminal's foreground: every hue misses 3:1 somewhere."""
    for number in (1, 2, 3, 4, 5, 6, 12, 13, 14):
        worst = min(contrast(p[number], bg) for p in PALETTES.values() for bg in (BLACK, WHITE))
        assert worst < 3.0, number


@async_test
async def test_the_resources_headings_use_the_heading_style_in_the_ansi_theme() -> None:
    from tui.config import AppConfig

    app = detail_app("maximal", tab="resources", config=AppConfig(theme="ansi"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        strips = app.screen._compositor.render_strips()
        headings = [seg.style for strip in strips for seg in strip if seg.text.strip() == "Compute"]
        assert headings, "the Resources tab's 'Compute' heading"
        for style in headings:
            assert style is not None and style.bold and style.underline
            assert style.color is None or style.color.is_default or style.color.number not in (4, 12)
