"""Exact, lossless encoding of boto3 response values for the cache.

The raw response is the source of truth (the All-fields tab and ``sagemaker-tui describe`` print it
unchanged), so what comes back out of the cache must be indistinguishable from what botocore
returned: the same key order, ints stay ints and floats floats (``1`` vs ``1.0``), floats exact
(``repr`` round-trips, NaN and infinities included), unicode intact (lone surrogates too), bytes
stay bytes, and datetimes keep their instant *and* their kind of timezone (and, for a
:class:`tui.aws.wire_time.WireTime`, the number the service sent, tagged ``"w"``).

That last point matters for byte-identical output: botocore hands out timestamps in ``tzlocal()``,
which the AWS CLI prints with the machine's current UTC offset. Decoding them into a fixed offset
would print ``+01:00`` from the cache when a fresh call on a machine now in UTC prints ``+00:00``;
so a ``tzlocal`` datetime comes back as a ``tzlocal`` datetime for the same instant. ``tzutc``,
``timezone.utc``, fixed offsets, ``ZoneInfo`` zones and naive datetimes (what moto's backend uses)
each come back as themselves.

Format: JSON (ASCII, so no encoding can fail) with tagged objects for what JSON lacks. A tagged
object is a dict with the key ``"__t"``; a real dict that happens to have that key is wrapped
(``{"__t": "map", "v": [[key, value], ...]}``), so no input can be misread. Large payloads are zlib-compressed
(describe responses with thousands of hyperparameters); the first byte says which.
"""

from __future__ import annotations

import base64
import json
import os
import time
import zlib
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from dateutil import tz as dtz

from tui.aws.wire_time import with_wire

TAG = "__t"
_RAW = b"j"
_ZLIB = b"z"
#: Payloads above this many bytes are compressed: below it zlib's overhead is not worth it.
COMPRESS_ABOVE = 512


class CodecError(ValueError):
    """The payload was not written by this codec (or is damaged)."""


def encode(value: Any) -> bytes:
    """Bytes for ``value``; :func:`decode` gives back an identical value."""
    text = json.dumps(_pack(value), ensure_ascii=True, allow_nan=True, separators=(",", ":"))
    data = text.encode("ascii")
    if len(data) > COMPRESS_ABOVE:
        return _ZLIB + zlib.compress(data, 6)
    return _RAW + data


def decode(data: bytes) -> Any:
    """The value :func:`encode` was given; :class:`CodecError` on anything else."""
    if not data:
        raise CodecError("empty cache payload")
    kind, body = data[:1], bytes(data[1:])
    try:
        if kind == _ZLIB:
            body = zlib.decompress(body)
        elif kind != _RAW:
            raise CodecError(f"unknown cache payload kind {kind!r}")
        return json.loads(body.decode("ascii"), object_hook=_hook)
    except (zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"unreadable cache payload: {exc}") from None


# -- packing ----------------------------------------------------------------------------------
def _pack(value: Any) -> Any:
    # bool before int: bool is an int subclass, and JSON keeps them apart already.
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        packed = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"cache keys must be strings, not {type(key).__name__}")
            packed[key] = _pack(item)
        return {TAG: "map", "v": list(packed.items())} if TAG in packed else packed
    if isinstance(value, list):
        return [_pack(item) for item in value]
    if isinstance(value, tuple):
        return {TAG: "tuple", "v": [_pack(item) for item in value]}
    if isinstance(value, datetime):
        return _pack_datetime(value)
    if isinstance(value, bytes | bytearray):
        return {TAG: "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _pack_datetime(value: datetime) -> dict[str, Any]:
    out: dict[str, Any] = {TAG: "dt", "v": value.isoformat(), "tz": _tz_kind(value.tzinfo)}
    if value.fold:
        out["fold"] = 1
    wire = getattr(value, "wire", None)  # tui.aws.wire_time.WireTime: the number the service sent
    if isinstance(wire, (int, float)) and not isinstance(wire, bool):
        out["w"] = wire
    tzi = value.tzinfo
    if isinstance(tzi, timezone) and tzi is not timezone.utc:
        name = tzi.tzname(None)
        if name != _default_timezone_name(tzi):
            out["name"] = name
    elif isinstance(tzi, dtz.tzoffset):
        out["name"] = tzi.tzname(value)
    elif out["tz"] == "zone":
        out["key"] = str(getattr(tzi, "key"))  # noqa: B009 - ZoneInfo, checked by _tz_kind
    return out


def _tz_kind(tzi: tzinfo | None) -> str:
    if tzi is None:
        return "naive"
    if tzi is timezone.utc:
        return "utc"
    if isinstance(tzi, dtz.tzutc):
        return "tzutc"
    if isinstance(tzi, dtz.tzlocal):
        return "local"
    if isinstance(tzi, timezone):
        return "offset"
    if isinstance(tzi, dtz.tzoffset):
        return "tzoffset"
    if isinstance(getattr(tzi, "key", None), str):
        return "zone"
    # Anything else is kept as the fixed offset it had at that instant (the instant is exact).
    return "offset"


def _default_timezone_name(tzi: timezone) -> str:
    offset = tzi.utcoffset(None)
    return timezone(offset).tzname(None)


# -- unpacking --------------------------------------------------------------------------------
def _hook(item: dict[str, Any]) -> Any:
    """json's object_hook: called bottom-up for every JSON object, so plain dicts cost one lookup."""
    tag = item.get(TAG)
    if tag is None:
        return item
    if tag == "dt":
        moment = _unpack_datetime(item)
        return moment if "w" not in item else with_wire(moment, item["w"])
    if tag == "map":
        # Pairs, not an object: the real dict's own "__t" key must never reach this hook as a tag.
        return dict(item["v"])
    if tag == "bytes":
        return base64.b64decode(item["v"])
    if tag == "tuple":
        return tuple(item["v"])
    raise CodecError(f"unknown cache tag {tag!r}")


_local_zone: tuple[object, dtz.tzlocal] | None = None


def _local() -> dtz.tzlocal:
    """One shared ``tzlocal`` (botocore makes one per value), renewed if the process's zone changes."""
    global _local_zone
    key = (os.environ.get("TZ"), time.tzname, time.timezone)
    if _local_zone is None or _local_zone[0] != key:
        _local_zone = (key, dtz.tzlocal())
    return _local_zone[1]


def _to_local(instant: datetime) -> datetime:
    """``instant.astimezone(tzlocal())``, about three times faster (start-up decodes thousands)."""
    zone = _local()
    fixed = instant.astimezone()  # C localtime: the wall time and offset of this instant
    wall = fixed.replace(tzinfo=zone)
    if wall.utcoffset() != fixed.utcoffset():
        wall = wall.replace(fold=1)  # the second occurrence of an ambiguous wall time
        if wall.utcoffset() != fixed.utcoffset():
            return instant.astimezone(zone)
    return wall


def _keep_fold(value: datetime, fold: int) -> datetime:
    """Restore a fold that does not change the instant (fold=1 on an unambiguous wall time)."""
    if value.fold != fold:
        other = value.replace(fold=fold)
        if other.utcoffset() == value.utcoffset():
            return other
    return value


def _unpack_datetime(item: dict[str, Any]) -> datetime:
    parsed = datetime.fromisoformat(item["v"])
    kind = item["tz"]
    fold = int(item.get("fold", 0))
    if kind == "naive":
        return parsed.replace(fold=fold)
    if kind == "utc":
        return parsed.replace(tzinfo=timezone.utc, fold=fold)
    if kind == "tzutc":
        return parsed.replace(tzinfo=dtz.tzutc(), fold=fold)
    if kind == "local":
        # Same instant, in the zone a fresh botocore call would use today (see module docstring).
        return _keep_fold(_to_local(parsed), fold)
    offset = parsed.utcoffset() or timedelta(0)
    if kind == "offset":
        zone = timezone(offset, item["name"]) if "name" in item else timezone(offset)
        return parsed.replace(tzinfo=zone, fold=fold)
    if kind == "tzoffset":
        return parsed.replace(tzinfo=dtz.tzoffset(item.get("name"), offset), fold=fold)
    if kind == "zone":
        from zoneinfo import ZoneInfo

        # astimezone picks the wall time and fold for this instant, as the original had.
        return _keep_fold(parsed.astimezone(ZoneInfo(item["key"])), fold)
    raise CodecError(f"unknown timezone kind {kind!r}")
