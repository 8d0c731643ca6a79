"""The detail screen's footer: its key bindings on one line, drawn by one widget.

It draws what Textual's compact ``Footer`` draws, with the same theme variables. The ``Footer``
is one widget per key, and it composes them again whenever the screen's bindings may have
changed. That happens every time focus moves, twice for each job opened. Each time it restyles
about ten new widgets and lays them out (about 10 ms each). Here a change of bindings costs
a repaint of one line, and only when the line changes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


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
        self._shown: tuple[tuple[str, str, bool], ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.hints() != self._shown:
            self.refresh()

    def hints(self) -> tuple[tuple[str, str, bool], ...]:
        """(key as shown, description, enabled) per action, in binding order; the command
        palette's last (drawn at the right), when the app has one."""
        shown: dict[str, tuple[str, str, bool]] = {}
        palette: tuple[str, str, bool] | None = None
        active = self.screen.active_bindings
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (self.app.get_key_display(binding), binding.description, enabled)
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (self.app.get_key_display(binding), binding.description, enabled)
        return (*shown.values(), *((palette,) if palette else ()))

    def render(self) -> Text:
        self._shown = hints = self.hints()
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        gap = self.rich_style
        dim = Style(dim=True)

        def hint(key: str, description: str, enabled: bool) -> Text:
            text = Text.assemble((key, key_style), (f" {description}", description_style))
            if not enabled:
                text.stylize(dim)
            return text

        width = self.size.width
        keys = hints[:-1] if self.app.ENABLE_COMMAND_PALETTE and hints else hints
        # A one-cell gap after each key (the Footer's margin), the last one part of the filling.
        line = Text(" ", style=gap, no_wrap=True, overflow="crop", end="").join(hint(*e) for e in keys)
        if len(keys) < len(hints):
            palette = Text.assemble(("▏", self.get_component_rich_style("key-hints--separator")))
            palette.append_text(hint(*hints[-1]))
            palette.append(" ", gap)
            line.truncate(max(0, width - palette.cell_len))
            line.append(" " * (width - palette.cell_len - line.cell_len), gap)
            line.append_text(palette)
        else:
            line.append(" " * (width - line.cell_len), gap)
        line.truncate(width)
        return line
