"""Turn a response dict into exactly the data the AWS CLI formats, before any ``--query``.

The AWS CLI (v2 by default, v1 with ``cli_timestamp_format = iso8601``) parses every timestamp to
``datetime.fromtimestamp(wire_value, tzlocal()).isoformat()``: a *string* in the machine's local zone,
e.g. ``2026-11-26T23:31:32.335000+00:00`` under ``TZ=UTC``. ``--query`` then sees strings, ``text``
prints them as they are. Our responses come from boto3 (datetimes in ``tzlocal()``) or from the cache
(whatever it stored: aware or naive-UTC datetimes, ISO strings), so every timestamp is brought back to
the same instant in the local zone and written the same way.

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


def cli_timestamp(value: Any) -> Any:
    """A timestamp as the AWS CLI prints it: ISO 8601 in the local zone (``TZ``)."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        from botocore.utils import parse_timestamp  # rare: the cache keeps datetimes

        try:
            moment = parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            return value  # not a timestamp after all: leave it as the service sent it
    else:
        return value
    return moment.astimezone(tzlocal()).isoformat()


def to_cli_data(value: Any, shape: Any) -> Any:
    """``value`` with timestamps as CLI strings and structure keys in model order (a copy).

    ``shape``: a shape name of :mod:`tui.aws.model_tables` (``output_shape_name``), a botocore
    shape (its name is used), or None."""
    if shape is None:
        return _generic(value)
    return _convert(value, shape if isinstance(shape, str) else str(shape.name), tables()["shapes"])


def _convert(value: Any, name: str, shapes: dict[str, list[Any]]) -> Any:
    entry = shapes.get(name)
    if entry is None:
        return _generic(value)
    kind = entry[0]
    if kind == "s" and isinstance(value, dict):
        members: list[list[str]] = entry[1]
        ordered = {k: _convert(value[k], sub, shapes) for k, sub in members if k in value}
        # Keys the model does not know (a newer service than our botocore) keep their place at the end.
        if len(ordered) != len(value):
            ordered.update({k: _generic(v) for k, v in value.items() if k not in ordered})
        return ordered
    if kind == "l" and isinstance(value, list):
        return [_convert(v, entry[1], shapes) for v in value]
    if kind == "m" and isinstance(value, dict):
        return {k: _convert(v, entry[1], shapes) for k, v in value.items()}
    if kind == "t":
        return cli_timestamp(value)
    return _generic(value)


def _generic(value: Any) -> Any:
    """Without a shape: only datetimes need converting."""
    if isinstance(value, dict):
        return {k: _generic(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_generic(v) for v in value]
    if isinstance(value, dt.datetime):
        return cli_timestamp(value)
    return value
