"""Turn a response dict into exactly the data the AWS CLI formats, before any ``--query``.

The AWS CLI (v2 by default, v1 with ``cli_timestamp_format = iso8601``) parses every timestamp to
``datetime.fromtimestamp(wire_value, tzlocal()).isoformat()``: a *string* in the machine's local zone,
e.g. ``2026-11-26T23:31:32.335000+00:00`` under ``TZ=UTC``. ``--query`` then sees strings, ``text``
prints them as they are. Our responses come from boto3 (datetimes in ``tzlocal()``) or from the cache
(whatever it stored: aware or naive-UTC datetimes, ISO strings), so every timestamp is brought back to
the same instant in the local zone and written the same way.

Key order follows the service model (the order botocore's parser builds), so a response that went
through a cache with another key order still prints the same bytes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.utils import parse_timestamp
from dateutil.tz import tzlocal


@lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def output_shape(operation: str) -> StructureShape:
    """The output shape of a SageMaker operation (``DescribeTrainingJob``, ``ListTrainingJobs``)."""
    shape = _service_model().operation_model(operation).output_shape
    assert isinstance(shape, StructureShape)
    return shape


def input_shape(operation: str) -> StructureShape:
    shape = _service_model().operation_model(operation).input_shape
    assert isinstance(shape, StructureShape)
    return shape


def cli_timestamp(value: Any) -> Any:
    """A timestamp as the AWS CLI prints it: ISO 8601 in the local zone (``TZ``)."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            moment = parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            return value  # not a timestamp after all: leave it as the service sent it
    else:
        return value
    return moment.astimezone(tzlocal()).isoformat()


def to_cli_data(value: Any, shape: Shape | None) -> Any:
    """``value`` with timestamps as CLI strings and structure keys in model order (a copy)."""
    if shape is None:
        return _generic(value)
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        members = shape.members
        ordered = {k: to_cli_data(value[k], members[k]) for k in members if k in value}
        # Keys the model does not know (a newer service than our botocore) keep their place at the end.
        ordered.update({k: _generic(v) for k, v in value.items() if k not in members})
        return ordered
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [to_cli_data(v, shape.member) for v in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: to_cli_data(v, shape.value) for k, v in value.items()}
    if shape.type_name == "timestamp":
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
