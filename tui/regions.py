"""Several regions named as one (``--region us-east-1,us-west-2``): pure, light (imported at start).

The list of several regions itself is :mod:`tui.multi_region`, imported only when one is asked for.
"""

from __future__ import annotations


def split_regions(value: str | None) -> list[str]:
    """``us-east-1,us-west-2`` → the regions, in order, once each (blanks dropped)."""
    if not value:
        return []
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def regions_label(regions: list[str], location: str) -> str:
    """The header's location for several regions: ``us-east-1, us-west-2`` (then `` @ endpoint``
    when ``location``, the first region's label, names one)."""
    return ", ".join(regions) + location[len(regions[0]):]
