"""The one glyph table chosen by terminal: what a character becomes where the terminal's font lacks it.

The app and Textual draw with Unicode (``⏎ ━ ╸ ╭ ▁ … ● ⣿``). A Linux virtual console (``TERM=linux``)
draws with a 256-glyph font: the kernel's default is the VGA code page 437 set, and the usual
console fonts (Lat2-Terminus16 …) keep those glyphs, so anything outside CP437 shows as a blank
or a diamond. A VT100 (and its kin) has only ASCII without switching character sets. For those
terminals every character the app or Textual may draw that the font lacks gets a one-cell
replacement from the table below, applied to every rendered line by a Textual line filter
(:mod:`tui.widgets.terminal_glyphs`), so widgets keep one code path and the table is the only
place that knows about fonts. Everything else (letters, data) is left alone.

Replacements keep meaning where it matters: the timeline's kinds (``█`` normal, ``▓`` current,
``▒`` interrupted) stay three different glyphs, a truncation stays visible (``~``), and the
markers for control characters in data (``␛``) stay visible.

Textual-free: the headless commands could use it too.
"""

from __future__ import annotations

from collections.abc import Mapping

#: The glyphs of the kernel's default console font (VGA code page 437) as Unicode: the 32 low
#: graphics the kernel's cp437 map gives to U+263A…, printable ASCII, ⌂ and the high half.
CP437_LOW = "☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
ASCII_FONT = frozenset(chr(c) for c in range(0x20, 0x7F))
LINUX_FONT = frozenset(CP437_LOW) | ASCII_FONT | {"⌂"} | frozenset(bytes(range(0x80, 0x100)).decode("cp437"))

#: Unicode -> (Linux console glyph, ASCII glyph). Every replacement is one cell wide, as the
#: original is, so a line never shifts.
_PAIRS: dict[str, tuple[str, str]] = {
    # Lines: light ones are in CP437; heavy, rounded, half and dashed ones fall back to them.
    **dict.fromkeys("─━╸╺╴╶╼╾┄┅┈┉╌╍", ("─", "-")),
    **dict.fromkeys("│┃╹╻╵╷╽╿┆┇┊┋╎╏", ("│", "|")),
    **dict.fromkeys("┌┏╭┍┎", ("┌", "+")),
    **dict.fromkeys("┐┓╮┑┒", ("┐", "+")),
    **dict.fromkeys("└┗╰┕┖", ("└", "+")),
    **dict.fromkeys("┘┛╯┙┚", ("┘", "+")),
    **dict.fromkeys("├┣┝┠", ("├", "+")),
    **dict.fromkeys("┤┫┥┨", ("┤", "+")),
    **dict.fromkeys("┬┳┯┰", ("┬", "+")),
    **dict.fromkeys("┴┻┷┸", ("┴", "+")),
    **dict.fromkeys("┼╋┿╂", ("┼", "+")),
    "═": ("═", "="), "║": ("║", "|"),
    **{corner: (corner, "+") for corner in "╔╗╚╝╠╣╦╩╬"},
    # Blocks: the timeline's kinds stay distinct glyphs in ASCII too.
    "█": ("█", "#"), "▓": ("▓", "%"), "▒": ("▒", ":"), "░": ("░", "."),
    "▉": ("█", "#"), "▊": ("▌", "|"), "▋": ("▌", "|"), "▌": ("▌", "|"), "▍": ("▌", "|"),
    "▎": ("▌", "|"), "▏": ("│", "|"), "▐": ("▐", "|"), "▕": ("│", "|"),
    "▔": ("▀", "-"), "▀": ("▀", "-"),
    "▁": ("_", "_"), "▂": ("_", "_"), "▃": ("▄", "="), "▄": ("▄", "="), "▅": ("▄", "="),
    "▆": ("█", "#"), "▇": ("█", "#"), "■": ("■", "#"),
    # Marks and arrows.
    "⏎": ("¶", "|"), "…": ("~", "~"), "—": ("-", "-"), "–": ("-", "-"),
    "‘": ("'", "'"), "’": ("'", "'"), "“": ('"', '"'), "”": ('"', '"'),
    "‹": ("«", "<"), "›": ("»", ">"), "⟨": ("<", "<"), "⟩": (">", ">"), "«": ("«", "<"), "»": ("»", ">"),
    "≈": ("≈", "~"), "≠": ("!", "!"),  # an approximate duration; a row of the comparison that differs
    "×": ("x", "x"), "·": ("·", "."), "•": ("•", "*"), "●": ("•", "*"), "○": ("○", "o"),
    "◆": ("♦", "*"), "✓": ("√", "v"), "✔": ("√", "v"), "✗": ("x", "x"), "✘": ("x", "x"),
    "↑": ("↑", "^"), "↓": ("↓", "v"), "→": ("→", ">"), "←": ("←", "<"), "↕": ("↕", "|"),
    "↔": ("↔", "-"), "▲": ("▲", "^"), "▼": ("▼", "v"), "►": ("►", ">"), "◄": ("◄", "<"),
    "▶": ("►", ">"), "◀": ("◄", "<"), "▸": ("►", ">"), "◂": ("◄", "<"), "▴": ("▲", "^"),
    "▾": ("▼", "v"), "▵": ("▲", "^"), "▿": ("▼", "v"),
    # Textual's key names (help screen, footer).
    "⌫": ("←", "<"), "⇥": ("→", ">"), "⇤": ("←", "<"), "⇧": ("↑", "^"), "⌃": ("^", "^"), "⌥": ("~", "~"),
}

#: TERM values (before any ``-suffix``) whose font is CP437 / ASCII only.
LINUX_TERMS = frozenset({"linux", "con80x25", "cons25"})
ASCII_TERMS = frozenset({"vt100", "vt102", "vt220", "vt52"})


def _table(font: frozenset[str], column: int) -> dict[int, str]:
    table: dict[int, str] = {}
    for source, pair in _PAIRS.items():
        table[ord(source)] = pair[column]
    # Control pictures (the markers safe_text shows for control characters in data) must stay
    # visible: one glyph the font has, not a blank.
    marker = "¿" if column == 0 else "?"
    for code in range(0x2400, 0x2427):
        table[code] = marker
    # Braille (the metrics chart): a dot where any dot is set.
    table[0x2800] = " "
    for code in range(0x2801, 0x2900):
        table[code] = "∙" if column == 0 else "."
    return {code: glyph for code, glyph in table.items() if chr(code) != glyph}


LINUX_TABLE: Mapping[int, str] = _table(LINUX_FONT, 0)
ASCII_TABLE: Mapping[int, str] = _table(ASCII_FONT, 1)


def terminal_font(term: str | None) -> str:
    """``unicode``, ``linux`` (CP437) or ``ascii`` for a TERM value."""
    base = (term or "").split("-")[0].lower()
    if base in LINUX_TERMS:
        return "linux"
    if base in ASCII_TERMS:
        return "ascii"
    return "unicode"


def glyph_table(term: str | None) -> Mapping[int, str] | None:
    """The replacements for ``term``'s font (for :meth:`str.translate`), None when it has Unicode."""
    return {"linux": LINUX_TABLE, "ascii": ASCII_TABLE}.get(terminal_font(term))


#: Key names for the keys Textual shows as symbols, where the font has no such symbol.
KEY_WORDS = {"⏎": "enter", "⌫": "bksp", "⇥": "tab", "⇤": "shift+tab"}


def key_display(display: str, term: str | None) -> str:
    """Textual's key display (``⏎``, ``⌫``) in words for a terminal without those glyphs."""
    if terminal_font(term) == "unicode":
        return display
    return KEY_WORDS.get(display, display)
