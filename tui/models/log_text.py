"""Log lines are untrusted: what a training script printed, shown so that it cannot drive the terminal.

:func:`visible` is the one function both the log view and ``sagemaker-tui logs`` pass every message
through (one place, so it can later point at a shared sanitiser): C0 controls become their Unicode
control pictures (ESC as ``␛``), DEL ``␡``, C1 controls and the bidirectional overrides/isolates that
reorder text become ``⟨U+XXXX⟩``; tab becomes spaces. Nothing else changes, so Rich markup stays
literal text as long as the caller renders the result as plain text (never as markup).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

#: Characters that must not reach a terminal as such.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Longest message shown in one piece: beyond it a line is cut and says how much is left out.
MAX_SHOWN = 16_384


def _picture(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\u27e8U+{code:04X}\u27e9"


def visible(text: str, *, limit: int | None = None) -> str:
    """``text`` with every control character and escape shown visibly (see the module's docstring)."""
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… (+{len(text) - limit:,} characters)"
    if "\t" in text:
        text = text.expandtabs(4)
    return _UNSAFE.sub(_picture, text)


def iso_ms(timestamp_ms: int, zone: object = timezone.utc) -> str:
    """``2026-11-26T12:00:00.123000+00:00``, as ``aws logs tail`` prints event times."""
    moment = datetime.fromtimestamp(timestamp_ms / 1000, timezone.utc)
    if zone is not timezone.utc and hasattr(zone, "utcoffset"):
        moment = moment.astimezone(zone)  # type: ignore[arg-type]
    return moment.isoformat(timespec="microseconds")
