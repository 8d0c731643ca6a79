"""The one path untrusted text takes to the terminal.

Text from the API (names, enums, every string field, error messages), from logs, files or the
user is *never* markup and *never* raw: a C0/C1 control character, a bidi override or a zero-width
mark in it is shown as a visible marker (ESC as ␛, U+202E as ‹U+202E›), and markup characters are
either escaped (for APIs that take a markup string) or never parsed (a :class:`rich.text.Text`).

Textual-free, so the headless commands use the same rules. The common case, a string with nothing
to replace, is one regular-expression search and no copy: the detail screen's open path runs every
value through here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported on use: the headless cache-hit path only needs visible()
    from rich.text import Text

# C0 controls (but tab and newline are handled by the caller's choice), DEL, C1 controls, the
# bidi embeddings/overrides/isolates and marks, zero-width spaces and joiners, word joiner and
# invisible operators, the BOM, the line/paragraph separators.
_INVISIBLE = "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")  # tab and newline kept
# Characters that make a string look like Rich/Textual markup or need escaping in it.
_MARKUP = re.compile(r"[\[\]\\]")


@lru_cache(maxsize=256)
def _marker(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC is ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"‹U+{code:04X}›"


def _replace(match: re.Match[str]) -> str:
    return _marker(match.group())


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character, bidi control and invisible mark shown as a visible
    marker. ``lines=True`` keeps newlines and tabs (multi-line messages); otherwise they are
    markers too (one cell, one line). Returns ``text`` itself when there is nothing to replace."""
    if text.isprintable():  # C speed, and true of nearly every string: nothing to replace
        return text
    pattern = _UNSAFE_KEEP_LINES if lines else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_replace, text)


def is_clean(text: str) -> bool:
    """True when ``text`` needs neither markers nor markup escaping (the fast path)."""
    return (text.isprintable() or _UNSAFE.search(text) is None) and _MARKUP.search(text) is None


def escape_markup(text: str, *, lines: bool = False) -> str:
    """``text`` made visible and escaped, for an API that only takes a markup string."""
    from rich.markup import escape

    text = visible(text, lines=lines)
    return escape(text) if _MARKUP.search(text) else text


def safe_text(text: str, style: str = "", *, lines: bool = False) -> Text:
    """A :class:`~rich.text.Text` of ``text`` made visible: never parsed as markup."""
    from rich.text import Text

    return Text(visible(text, lines=lines), style=style)


def message(text: str) -> Text:
    """A notification or message-line body from untrusted text (newlines kept)."""
    from rich.text import Text

    return Text(visible(text, lines=True))


def has_unsafe(text: str) -> bool:
    """True when ``text`` holds a control character, bidi control or invisible mark."""
    # Every character the pattern matches is non-printable to Python (categories Cc, Cf, Zl, Zp).
    return not text.isprintable() and _UNSAFE.search(text) is not None


def drop_unsafe(text: str) -> str:
    """``text`` without control characters, bidi controls and invisible marks. All of them are
    zero cells wide, so this never changes the width of laid-out text (the terminal guard's use)."""
    return _UNSAFE.sub("", text)
