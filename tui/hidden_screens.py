"""Screens hidden under an opaque screen stay hidden: their repaints are not sent to the terminal.

Textual 8.2.8 treats the screen just under the top one as visible whatever the top screen is
(``App._background_screens`` adds it before looking at any opacity), so it is "current": it lays
itself out, and every region it repaints is repainted again *on the top screen*
(``Screen._compositor_refresh`` calls ``app.screen.refresh(*regions)``). The app's default
screen lies under the job list from the start, and its first update is still pending when the
list shows (it was mounted inside the start-up batch): when it runs, the whole list is sent to the
terminal again, about 15 KB at 160x50, for a screen nobody can see. The same happens under a
job's details: whatever the list repaints behind them, the detail screen sends again.

:func:`install` replaces that property with one that stops at an opaque top screen (its
background's alpha is 1, as every full screen of this app has): nothing under it can show through,
so nothing under it is current. A translucent screen (the help, the dialogs: ``ModalScreen``)
keeps the screens under it, as before. A screen that comes back on top lays itself out and
repaints in full anyway (``Screen._on_screen_resume``), so nothing it missed while hidden is lost.
Applied only to the Textual version it was checked against; on another the stock property stays.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

#: The Textual version whose ``App._background_screens`` this replacement was checked against.
CHECKED_TEXTUAL = "8.2.8"

_stock_background_screens = App._background_screens


def background_screens(app: App[object]) -> list[Screen[object]]:
    """The screens that may show through the top one: none under an opaque screen, else
    Textual's own answer (down to the first opaque screen)."""
    stack = app._screen_stack
    if stack and stack[-1].styles.background.a == 1:
        return []
    return _stock_background_screens.fget(app)  # type: ignore[attr-defined]


def install(textual_version: str) -> bool:
    """Use :func:`background_screens` if ``textual_version`` is the one it was checked against."""
    if textual_version != CHECKED_TEXTUAL:
        return False
    App._background_screens = property(background_screens)  # type: ignore[assignment, method-assign]
    return True


def uninstall() -> None:
    """Back to Textual's own property (for tests comparing the two)."""
    App._background_screens = _stock_background_screens  # type: ignore[method-assign]
