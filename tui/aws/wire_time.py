"""Timestamps that remember the number the service sent (for ``cli_timestamp_format = wire``).

The AWS CLI v1 (and v2 with ``wire``) prints a timestamp exactly as it came over the wire: for
SageMaker's JSON protocol an epoch number, an int (``1795174290``) or a float (``1795174350.0``,
``1795162530.123``). botocore parses both ``1795174350`` and ``1795174350.0`` to the same datetime,
so the form is lost unless it is kept at parse time, as the AWS CLI does by replacing botocore's
timestamp parser. Here botocore's parser still makes the datetime (the app needs datetimes); where
the instant alone cannot give the wire form back (a whole second sent as a float), the result is a
:class:`WireTime`, a ``datetime`` that also carries :attr:`WireTime.wire`. The cache keeps it
(:mod:`tui.cache.codec`); :func:`tui.output.normalize.cli_timestamp` prints it.

Anything that makes a new datetime from one (``replace``, arithmetic, ``astimezone``) gives a
plain datetime, whose wire form is then rebuilt from the instant (an int for a whole second).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The botocore session component the AWS CLI sets its timestamp parser on (a public botocore API).
PARSER_FACTORY = "response_parser_factory"


class WireTime(dt.datetime):
    """A datetime parsed from a response, with the service's own value in :attr:`wire`."""

    wire: int | float | None = None


def with_wire(moment: dt.datetime, wire: Any) -> dt.datetime:
    """``moment`` as a :class:`WireTime` carrying ``wire`` when the instant alone would not give it
    back: a float without a fraction (``1795174350.0``; the instant gives the int). An int, or a
    float with a fraction (milliseconds), is rebuilt exactly from the instant, so ``moment`` itself
    is returned: the list's hot paths and the cache keep plain datetimes for nearly every value."""
    if not isinstance(wire, float) or not wire.is_integer():
        return moment
    kept = WireTime(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
        moment.microsecond, moment.tzinfo, fold=moment.fold,
    )
    kept.wire = wire
    return kept


def parse_keeping_wire(value: Any) -> dt.datetime:
    """botocore's timestamp parser, keeping the wire value of a numeric timestamp."""
    from botocore.utils import parse_timestamp

    return with_wire(parse_timestamp(value), value)


def keep_wire_timestamps(session: Any) -> bool:
    """Make the clients of a boto3 session parse timestamps with :func:`parse_keeping_wire`.

    boto3 exposes its botocore session only as ``_session``: without it (another boto3) nothing
    changes and the wire form is rebuilt from the instant. Returns whether it was installed."""
    core = getattr(session, "_session", None)
    get_component = getattr(core, "get_component", None)
    if get_component is None:
        return False
    factory = get_component(PARSER_FACTORY)
    setter = getattr(factory, "set_parser_defaults", None)
    if setter is None:
        return False
    setter(timestamp_parser=parse_keeping_wire)
    return True
