"""A hostile endpoint's data: names, enums, every string field and error messages carrying terminal
escape sequences, bidi overrides, zero-width marks and Rich/Textual markup.

``hostile_describe`` turns a real DescribeTrainingJob response into one where every string (keys
of free-form maps included) carries a payload; ``terminal_stream`` is what Textual would write to
the terminal for the current screen, so a test can assert nothing from the data reached it raw.
"""

from __future__ import annotations

import itertools
from typing import Any

from textual._compositor import CompositorUpdate
from textual.app import App

#: Payloads, each a way a string can attack a terminal or a markup parser.
PAYLOADS = (
    "\x1b[2J",  # clear the screen
    "\x1b]0;PWNED-TITLE\x07",  # retitle the terminal (OSC 0 ... BEL)
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: write the clipboard
    "\x9b31m",  # an 8-bit CSI
    "\u202egnp.exe",  # bidi override: reads backwards
    "zero\u200bwidth",
    "a[/]b",  # closing tag with nothing open: MarkupError
    "[@click=app.quit]QUIT[/]",  # an action link
    "opt[beta]",
    "[bold red]loud",
)

#: What must never appear in the terminal stream (Textual's own output has none of these).
FORBIDDEN = ("\x1b]", "\x07", "\x1b[2J", "\x9b", "\u202e", "\u200b")


def hostile(text: str, n: int) -> str:
    """``text`` with payload ``n`` (modulo their number) appended."""
    return f"{text}{PAYLOADS[n % len(PAYLOADS)]}"


def hostile_describe(raw: dict[str, Any], *, keep: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every string of ``raw`` (map keys of free-form maps too) with a payload; keys in ``keep``
    (at the top level) unchanged."""
    counter = itertools.count()

    def walk(value: Any, free_keys: bool) -> Any:
        if isinstance(value, str):
            return hostile(value, next(counter))
        if isinstance(value, dict):
            return {
                (hostile(k, next(counter)) if free_keys else k): walk(v, k in FREE_FORM_MAPS)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(v, False) for v in value]
        return value

    return {
        key: value if key in keep else walk(value, key in FREE_FORM_MAPS) for key, value in raw.items()
    }


#: Members whose keys are the user's (and so any string): hyperparameters, environment, tags.
FREE_FORM_MAPS = frozenset({"HyperParameters", "Environment", "Tags", "RuleParameters"})


def terminal_stream(app: App[Any]) -> str:
    """The bytes Textual writes to the terminal for a full repaint of the current screen (the
    screens beneath a modal included), as its driver would."""
    screen = app.screen
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, CompositorUpdate)
    return update.render_segments(app.console)


def leaked(stream: str) -> list[str]:
    """The forbidden sequences present in ``stream``."""
    return [f for f in FORBIDDEN if f in stream]
