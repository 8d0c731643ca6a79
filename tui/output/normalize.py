"""Turn a response dict into exactly the data the AWS CLI formats, before any ``--query``.

Timestamps follow the profile's ``cli_timestamp_format``, as in the AWS CLI:

* ``iso8601`` (v2's default, and ours when the setting is absent): the AWS CLI parses every timestamp
  to ``datetime.fromtimestamp(wire_value, tzlocal()).isoformat()``, a *string* in the machine's local
  zone, e.g. ``2026-11-26T23:31:32.335000+00:00`` under ``TZ=UTC``;
* ``wire`` and ``none`` (v1's default): the value as the service sent it. SageMaker's JSON protocol
  sends epoch seconds, a JSON number (``1795174290``, ``1795174350.0`` or ``1795162530.123``), which
  the AWS CLI prints as Python does. It is rebuilt from the instant: an int for a whole second,
  else the float of its microseconds (the float ``json`` reads from a wire value with up to six
  decimals); a whole second sent as a float (``1795174350.0``), which the instant cannot give back,
  is kept beside the datetime by our client and the cache (:mod:`tui.aws.wire_time`).

``--query`` then sees strings (or numbers), ``text`` prints them as they are. Our responses come from
boto3 (datetimes in ``tzlocal()``) or from the cache (whatever it stored: aware or naive-UTC
datetimes, ISO strings), so every timestamp is brought back to the same instant and written the same way.

Key order follows the service model (the order botocore's parser builds), so a response that went
through a cache with another key order still prints the same bytes. The order comes from the
generated tables of :mod:`tui.aws.model_tables`, not from loading the model each run.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dateutil.tz import tzlocal

from tui.aws.model_tables import tables
from tui.aws.service_model import sagemaker_model

if TYPE_CHECKING:
    from botocore.model import StructureShape


def output_shape(operation: str) -> StructureShape:
    """The output shape of a SageMaker operation (``DescribeTrainingJob``, ``ListTrainingJobs``)."""
    from botocore.model import StructureShape

    shape = sagemaker_model().operation_model(operation).output_shape
    assert isinstance(shape, StructureShape)
    return shape


def input_shape(operation: str) -> StructureShape:
    from botocore.model import StructureShape

    shape = sagemaker_model().operation_model(operation).input_shape
    assert isinstance(shape, StructureShape)
    return shape


#: The AWS CLI's ``cli_timestamp_format`` values (``none`` is v1's old name for ``wire``).
TIMESTAMP_FORMATS = ("iso8601", "wire", "none")
#: When the profile does not say: ISO 8601, as the AWS CLI v2 (v1, end of support, printed the wire).
DEFAULT_TIMESTAMP_FORMAT = "iso8601"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def wire_seconds(moment: dt.datetime) -> int | float:
    """Epoch seconds as SageMaker sends them: an int for a whole second, else a float."""
    micro = (moment - _EPOCH) // dt.timedelta(microseconds=1)
    return micro // 1_000_000 if micro % 1_000_000 == 0 else micro / 1_000_000


def cli_timestamp(value: Any, timestamps: str = DEFAULT_TIMESTAMP_FORMAT) -> Any:
    """A timestamp as the AWS CLI prints it: ISO 8601 in the local zone (``TZ``), or (``wire``,
    ``none``) epoch seconds as the service sent them."""
    wire = timestamps != "iso8601"
    if wire and isinstance(getattr(value, "wire", None), (int, float)):
        return value.wire  # the number the service sent (tui.aws.wire_time)
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
    elif wire and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value  # already the wire's number
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        from botocore.utils import parse_timestamp  # rare: the cache keeps datetimes

        try:
            moment = parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            return value  # not a timestamp after all: leave it as the service sent it
    else:
        return value
    if wire:
        return wire_seconds(moment)
    return moment.astimezone(tzlocal()).isoformat()


def to_cli_data(value: Any, shape: Any, timestamps: str = DEFAULT_TIMESTAMP_FORMAT) -> Any:
    """``value`` with timestamps as the CLI prints them (``timestamps``: a ``cli_timestamp_format``)
    and structure keys in model order (a copy).

    ``shape``: a shape name of :mod:`tui.aws.model_tables` (``output_shape_name``), a botocore
    shape (its name is used), or None."""
    if shape is None:
        return _generic(value, timestamps)
    name = shape if isinstance(shape, str) else str(shape.name)
    return _convert(value, name, tables()["shapes"], timestamps)


def _convert(value: Any, name: str, shapes: dict[str, list[Any]], timestamps: str) -> Any:
    entry = shapes.get(name)
    if entry is None:
        return _generic(value, timestamps)
    kind = entry[0]
    if kind == "s" and isinstance(value, dict):
        members: list[list[str]] = entry[1]
        ordered = {k: _convert(value[k], sub, shapes, timestamps) for k, sub in members if k in value}
        # Keys the model does not know (a newer service than our botocore) keep their place at the end.
        if len(ordered) != len(value):
            ordered.update({k: _generic(v, timestamps) for k, v in value.items() if k not in ordered})
        return ordered
    if kind == "l" and isinstance(value, list):
        return [_convert(v, entry[1], shapes, timestamps) for v in value]
    if kind == "m" and isinstance(value, dict):
        return {k: _convert(v, entry[1], shapes, timestamps) for k, v in value.items()}
    if kind == "t":
        return cli_timestamp(value, timestamps)
    return _generic(value, timestamps)


def _generic(value: Any, timestamps: str = DEFAULT_TIMESTAMP_FORMAT) -> Any:
    """Without a shape: only datetimes need converting."""
    if isinstance(value, dict):
        return {k: _generic(v, timestamps) for k, v in value.items()}
    if isinstance(value, list):
        return [_generic(v, timestamps) for v in value]
    if isinstance(value, dt.datetime):
        return cli_timestamp(value, timestamps)
    return value
