"""The list screen's footer recomposes on every screen change; it must not keep the keys it drops
(Textual 8.2.8's Footer kept every FooterKey ever composed: about 300 KB per detail open)."""

from __future__ import annotations

import asyncio
import gc

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tui.widgets.footer import Footer


class Other(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("other")


def keys_alive_after_screen_changes(footer: type[TextualFooter], changes: int) -> int:
    class Base(Screen[None]):
        BINDINGS = [Binding(k, "app.bell", f"Key {k}") for k in "abcdef"]

        def compose(self) -> ComposeResult:
            yield Static("base")
            yield footer()

    class Demo(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Base())

    async def scenario() -> int:
        app = Demo()
        async with app.run_test(size=(100, 20)) as pilot:
            await pilot.pause()
            for _ in range(changes):
                app.push_screen(Other())
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
            gc.collect()
            return sum(1 for o in gc.get_objects() if isinstance(o, FooterKey))

    return asyncio.run(scenario())


def test_footer_recomposes_leave_no_keys_behind() -> None:
    assert keys_alive_after_screen_changes(Footer, 15) <= 2 * 7  # what one footer shows, at most twice


def test_textual_s_own_footer_still_leaks_here() -> None:
    """The reason for tui.widgets.footer: when this fails, Textual fixed it and the shim can go."""
    assert keys_alive_after_screen_changes(TextualFooter, 15) > 15
