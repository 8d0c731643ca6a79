"""The detail screen's footer: its key bindings on one line, drawn by one widget.

It draws what Textual's compact ``Footer`` draws, with the same theme variables. The ``Footer``
is one widget per key, and it composes them again whenever the screen's bindings may have
changed. That happens every time focus moves, twice for each job opened. Each time it restyles
about ten new widgets and lays them out (about 10 ms each). Here a change of bindings costs
a repaint of one line, and only when the line changes.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Hint(NamedTuple):
    display: str
    description: str
    enabled: bool
    key: str
    #: The command palette's, drawn at the right edge.
    right: bool = False


class KeyHints(Widget):
    """``key description`` for each shown binding of the screen, the command palette's at the
    right; a binding the screen disables now is dimmed."""

    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--separator"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-hints--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-hints--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-hints--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Hint, ...] = ()
        #: (first cell, cell after the last, the hint drawn there), for mouse clicks.
        self._cells: list[tuple[int, int, Hint]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.hints() != self._shown:
            self.refresh()

    def hints(self) -> tuple[Hint, ...]:
        """One per action, in binding order; the command palette's last (drawn at the right),
        when the app has one."""
        shown: dict[str, Hint] = {}
        palette: Hint | None = None
        active = self.screen.active_bindings
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = Hint(
                    self.app.get_key_display(binding), binding.description, enabled, binding.key
                )
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = Hint(
                self.app.get_key_display(binding), binding.description, enabled, binding.key, right=True
            )
        return (*shown.values(), *((palette,) if palette else ()))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it, as on Textual's Footer (a disabled one rings the bell)."""
        for start, end, hint in self._cells:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return

    def render(self) -> Text:
        self._shown = hints = self.hints()
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        gap = self.rich_style
        dim = Style(dim=True)

        def hint(entry: Hint) -> Text:
            text = Text.assemble((entry.display, key_style), (f" {entry.description}", description_style))
            if not entry.enabled:
                text.stylize(dim)
            return text

        width = self.size.width
        keys = [entry for entry in hints if not entry.right]
        right = [entry for entry in hints if entry.right]
        # A one-cell gap after each key (the Footer's margin), the last one part of the filling.
        texts = [hint(entry) for entry in keys]
        line = Text(" ", style=gap, no_wrap=True, overflow="crop", end="").join(texts)
        cells: list[tuple[int, int, Hint]] = []
        start = 0
        for entry, text in zip(keys, texts, strict=True):
            cells.append((start, start + text.cell_len, entry))
            start += text.cell_len + 1
        if right:
            palette = Text.assemble(("▏", self.get_component_rich_style("key-hints--separator")))
            palette.append_text(hint(right[0]))
            palette.append(" ", gap)
            line.truncate(max(0, width - palette.cell_len))
            left = line.cell_len
            line.append(" " * (width - palette.cell_len - line.cell_len), gap)
            line.append_text(palette)
            cells = [(a, min(b, left), e) for a, b, e in cells if a < left]
            cells.append((width - palette.cell_len + 1, width - 1, right[0]))
        else:
            line.append(" " * (width - line.cell_len), gap)
        line.truncate(width)
        self._cells = cells
        return line
