"""Parsing ``--since``: a relative age (``90m``, ``12h``, ``7d``, ``2w``) or a date/time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime) -> datetime:
    """The aware UTC datetime ``text`` means; ValueError with one sentence when it means nothing."""
    match = _RELATIVE.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2).lower()
        try:
            return now - timedelta(**{_UNITS[unit]: amount})
        except (OverflowError, ValueError):  # `99999999d`: before year 1
            raise ValueError(
                f"--since {text.strip()!r} reaches back before year 1: use a smaller age or a date."
            ) from None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"Cannot parse --since {text!r}: use an age like 90m, 12h, 7d, 2w or a date like "
            "2026-01-01 or 2026-01-01T08:00Z."
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
