"""Time and duration formatting shared by the list, the detail screen and the CLI."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo

DASH = "-"


def to_utc(value: datetime) -> datetime:
    """Aware UTC datetime; naive values are taken as UTC (moto and our cache store them so)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def format_duration(seconds: float | None) -> str:
    """Compact human duration: ``45s``, ``3m05s``, ``3h12m``, ``2d04h``; a dash for None."""
    if seconds is None:
        return DASH
    total = int(max(0, seconds))
    days, rem = divmod(total, 86_400)
    hours, rem = divmod(rem, 3_600)
    minutes, secs = divmod(rem, 60)
    if days:
        return f"{days}d{hours:02d}h"
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def format_coarse(seconds: float | None) -> str:
    """A value that grows with time alone, at kubectl's precision: few repaints, same glance.

    ``45s``, ``42m``, ``3h12m`` (below 8 h), ``17h``, ``2d04h`` (below 8 days), ``12d``. Each
    step drops a unit once the value is big enough for it not to matter, so a cell that ticks
    changes once a second only in its first minute, once a minute up to 8 h, then once an hour
    or a day: over SSH, an idle list sends next to nothing. A dash for None.
    """
    if seconds is None:
        return DASH
    total = int(max(0, seconds))
    minutes = total // 60
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    if total < 60:
        return f"{total}s"
    if hours < 1:
        return f"{minutes}m"
    if hours < 8:
        return f"{hours}h{mins:02d}m"
    if hours < 48:
        return f"{hours}h"
    if days < 8:
        return f"{days}d{hrs:02d}h"
    return f"{days:,}d"


def format_relative(value: datetime | None, now: datetime) -> str:
    """``3h12m ago`` (or ``in 5m`` for a clock-skewed future time); a dash for None."""
    if value is None:
        return DASH
    delta = (to_utc(now) - to_utc(value)).total_seconds()
    if delta < 0:
        return f"in {format_duration(-delta)}"
    if delta < 1:
        return "just now"
    return f"{format_duration(delta)} ago"


def format_timestamp(value: datetime | None, zone: tzinfo | None = timezone.utc) -> str:
    """``2026-11-26 14:02:07 UTC`` in the given zone (UTC by default); a dash for None."""
    if value is None:
        return DASH
    local = to_utc(value).astimezone(zone)
    name = local.tzname() or ""
    return f"{local:%Y-%m-%d %H:%M:%S} {name}".rstrip()


def format_seconds_human(seconds: float | None) -> str:
    """Long form for detail panes: ``1 h 02 min 05 s (3,725 s)``."""
    if seconds is None:
        return DASH
    total = int(seconds)
    hours, rem = divmod(total, 3600)
    minutes, secs = divmod(rem, 60)
    if hours:
        short = f"{hours} h {minutes:02d} min {secs:02d} s"
    elif minutes:
        short = f"{minutes} min {secs:02d} s"
    else:
        short = f"{secs} s"
    return f"{short} ({total:,} s)" if total >= 60 else short


def format_exact(seconds: float | None) -> str:
    """A configured limit, exactly: ``1d 00h 00m 11s (86,411 s)``, ``2h 05m 00s (7,500 s)``,
    ``45s``. Nothing rounded away, whatever the size; a dash for None."""
    if seconds is None:
        return DASH
    total = int(max(0, seconds))
    days, rem = divmod(total, 86_400)
    hours, rem = divmod(rem, 3_600)
    minutes, secs = divmod(rem, 60)
    if days:
        short = f"{days}d {hours:02d}h {minutes:02d}m {secs:02d}s"
    elif hours:
        short = f"{hours}h {minutes:02d}m {secs:02d}s"
    elif minutes:
        short = f"{minutes}m {secs:02d}s"
    else:
        return f"{secs}s"
    return f"{short} ({total:,} s)"
