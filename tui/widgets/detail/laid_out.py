"""A Rich renderable laid out once per width, for the detail panes' big Statics.

Textual's ``RichVisual`` lays a renderable out twice for every update: once to measure its
height (``get_height``) and once to draw it (``render_strips``). A pane is a group of Rich
tables; laying those out is most of what opening a job costs once its data is in hand.
:class:`LaidOut` keeps the segments of the first layout for that width and draws from them.
The drawing applies the widget's style exactly as Textual does (``Widget.post_render``), so
what reaches the screen is the same (the detail snapshots check it).

It leans on two private names: ``textual._context.active_app`` (the console to lay out with) and
Rich's ``Style._meta`` (whether a segment carries an ``@click``). :func:`pane_content` uses it
only on the Textual version it was checked against (``pyproject.toml`` pins Textual exactly) and
where both names exist; anywhere else the panes hand Textual the plain renderable (the public
path: the same picture, laid out twice per update).
"""

from __future__ import annotations

from itertools import islice

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual
from textual.widget import Widget

from tui.textual_version import textual_version
from tui.widgets.detail.layout import PaneLayout, lay_out, same_renderable

try:
    from textual._context import active_app
except ImportError:  # pragma: no cover - another Textual: pane_content takes the public path
    active_app = None  # type: ignore[assignment]

#: The Textual version whose ``RichVisual`` and private context this was written against.
CHECKED_TEXTUAL = "8.2.8"


def supported(version: str | None = None) -> bool:
    """True where :class:`LaidOut` may be used (else the plain renderable is)."""
    version = textual_version() if version is None else version
    return version == CHECKED_TEXTUAL and active_app is not None and hasattr(RichStyle(), "_meta")


def pane_content(
    widget: Widget, renderable: RenderableType, ahead: PaneLayout | None = None
) -> LaidOut | RenderableType:
    """What a pane's Static shows: the renderable laid out once per width where that is
    :func:`supported`, else the renderable itself (Textual lays it out, as for any Static)."""
    if _SUPPORTED:
        return LaidOut(widget, renderable, ahead)
    return renderable


def layout_options(options: ConsoleOptions, width: int) -> ConsoleOptions:
    """The options a pane's renderable is laid out with at ``width``."""
    return options.update_width(width).update(highlight=False)


class LaidOut(RichVisual):
    """``RichVisual`` with the layout of the last width kept (see the module docstring)."""

    def __init__(self, widget: Widget, renderable: RenderableType, ahead: PaneLayout | None = None) -> None:
        """``ahead``: a layout made earlier (see :mod:`tui.widgets.detail.layout`), used when it
        was made from a renderable equal to this one."""
        super().__init__(widget, renderable)
        fits = ahead is not None and same_renderable(ahead.renderable, renderable)
        self._layout: PaneLayout | None = ahead if fits else None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Printed anywhere else (``Static.content`` read back), it is the renderable it wraps."""
        yield self._renderable

    def _laid_out(self, width: int) -> PaneLayout:
        if self._layout is None or self._layout.width != width:
            app = active_app.get()
            self._layout = lay_out(self._renderable, app.console, layout_options(app.console_options, width))
        return self._layout

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(text.count("\n") for text, _, _ in self._laid_out(width).segments)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The lines laid out for ``width``, styled as ``Widget.post_render`` styles a renderable
        (the widget's style under each segment's, its link style on ``@click`` segments), without
        rendering and splitting them again."""
        lines = self._laid_out(width).lines
        add_base = style.rich_style.__add__
        widget = self._widget
        link_style = widget.link_style if widget.auto_links else None
        strips = []
        for line in islice(lines, None, height):
            styles = [add_base(segment_style) for _, segment_style, _ in line]
            if link_style:
                styles = [s + link_style if s._meta is not None and "@click" in s.meta else s for s in styles]
            strips.append(Strip([Segment(segment.text, s) for segment, s in zip(line, styles, strict=True)]))
        return strips


_SUPPORTED = supported()
