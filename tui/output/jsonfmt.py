"""JSON output byte for byte as the AWS CLI prints it (``--output json``)."""

from __future__ import annotations

import base64
import datetime
import json
from typing import IO, Any


def json_default(obj: Any) -> Any:
    """The AWS CLI's JSON encoder for what json cannot write: datetimes (ISO 8601) and bytes
    (base64). Only skeletons still hold datetimes here: responses are normalised to strings."""
    if isinstance(obj, datetime.datetime):
        return obj.isoformat()
    if isinstance(obj, bytes):
        return base64.b64encode(obj).decode("utf-8")
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def dump_json(value: Any, stream: IO[str]) -> None:
    """Four-space indent, unicode kept, one trailing newline; an empty object prints nothing
    (the AWS CLI's rule for operations without a body) but other falsy values do."""
    if value == {}:
        return
    json.dump(value, stream, indent=4, default=json_default, ensure_ascii=False)
    stream.write("\n")
