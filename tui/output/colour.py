"""``--color on|off|auto`` for JSON and YAML: syntax colours on a terminal, plain bytes otherwise.

Pygments' 16-colour terminal formatter is used on purpose: it follows the terminal's own palette
(light or dark), works in tmux and screen with 8/16/256 colours, and stripping its escape codes gives
back the exact uncoloured bytes.
"""

from __future__ import annotations

import os
from typing import IO, Any

COLOR_CHOICES = ("on", "off", "auto")


def use_colour(mode: str, stream: IO[str]) -> bool:
    """on: always; off: never; auto: only on a terminal, unless NO_COLOR is set or TERM=dumb."""
    if mode == "on":
        return True
    if mode == "off":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colourize(text: str, language: str) -> str:
    """``text`` with ANSI colours for ``json`` or ``yaml``; the characters themselves are unchanged."""
    # pygments is imported only when colour is wanted: plain output (a pipe, a script) skips ~20 ms.
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import JsonLexer, YamlLexer

    lexer = (JsonLexer if language == "json" else YamlLexer)(stripnl=False, ensurenl=False)
    return highlight(text, lexer, TerminalFormatter(colorscheme=colours()))


def colours() -> dict[Any, tuple[str, str]]:
    """Only keys and values get a colour: whitespace and punctuation stay bare, which keeps the
    escape codes (bytes over a slow SSH link) to a minimum. (light background, dark background)."""
    from pygments.token import Keyword, Literal, Name, Number, String, Token

    return {
        Token: ("", ""),
        Name.Tag: ("blue", "brightblue"),
        String: ("green", "brightgreen"),
        Literal.Scalar.Plain: ("green", "brightgreen"),
        Number: ("cyan", "brightcyan"),
        Keyword.Constant: ("magenta", "brightmagenta"),
    }
