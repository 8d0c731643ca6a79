"""Check a parsed AWS response (as boto3 returns it) against a botocore output shape.

Used by the tests to prove that the demo fleet (and anything else that fabricates responses) only
serves what the real service could send: right types, required members present, enum values known,
numbers and string lengths within the model's limits, string patterns matched.

Collection sizes are checked against ``min`` only, as botocore's own parameter validator does: count
limits (``max``) are service quotas that change and are enforced server-side, not a wire format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from tui.aws.service_model import sagemaker_model

#: Enum lists longer than this are abbreviated in messages (instance types run to hundreds).
_ENUM_SHOWN = 8


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    """The model's pattern as a Python regex, or None when it uses Java-only syntax (``\\p{L}``)."""
    try:
        return re.compile(pattern)
    except re.error:
        return None


def validate_shape(value: Any, shape: Shape, path: str = "") -> list[str]:
    """Every way ``value`` departs from ``shape``, as ``"path: problem"`` strings (empty = valid).

    ``path`` prefixes the messages (``InputDataConfig[0].DataSource``); leave it empty at the top.
    """
    errors: list[str] = []
    _check(value, shape, path, errors)
    return errors


def _where(path: str) -> str:
    return path or "(top)"


def _check(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    kind = shape.type_name
    checker = _CHECKERS.get(kind)
    if checker is None:
        return  # a type this validator does not know (e.g. a future one): nothing to say
    checker(value, shape, path, errors)


def _check_structure(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, Mapping):
        errors.append(f"{_where(path)}: expected a structure, got {type(value).__name__}")
        return
    assert isinstance(shape, StructureShape)
    members = shape.members
    for name in shape.required_members:
        if name not in value:
            errors.append(f"{_join(path, name)}: required member missing")
    for name, item in value.items():
        if name not in members:
            errors.append(f"{_join(path, str(name))}: not a member of {shape.name}")
            continue
        _check(item, members[name], _join(path, name), errors)


def _check_list(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, (list, tuple)):
        errors.append(f"{_where(path)}: expected a list, got {type(value).__name__}")
        return
    assert isinstance(shape, ListShape)
    _check_min_size(len(value), shape, path, errors)
    for index, item in enumerate(value):
        _check(item, shape.member, f"{path}[{index}]", errors)


def _check_map(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, Mapping):
        errors.append(f"{_where(path)}: expected a map, got {type(value).__name__}")
        return
    assert isinstance(shape, MapShape)
    _check_min_size(len(value), shape, path, errors)
    for key, item in value.items():
        _check(key, shape.key, f"{path}<key {key!r}>", errors)
        _check(item, shape.value, f"{path}[{key!r}]", errors)


def _check_min_size(size: int, shape: Shape, path: str, errors: list[str]) -> None:
    low = shape.metadata.get("min")
    if low is not None and size < low:
        errors.append(f"{_where(path)}: {size} entries, fewer than the minimum {low}")


def _check_string(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, str):
        errors.append(f"{_where(path)}: expected a string, got {type(value).__name__}")
        return
    enum = shape.enum
    if enum and value not in enum:
        shown = ", ".join(enum[:_ENUM_SHOWN]) + (", …" if len(enum) > _ENUM_SHOWN else "")
        errors.append(f"{_where(path)}: {value!r} is not one of {shown}")
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        errors.append(f"{_where(path)}: {len(value)} characters, fewer than the minimum {low}")
    if high is not None and len(value) > high:
        errors.append(f"{_where(path)}: {len(value)} characters, more than the maximum {high}")
    pattern = shape.metadata.get("pattern")
    if pattern:
        regex = _compiled(pattern)
        if regex is not None and not regex.fullmatch(value):
            errors.append(f"{_where(path)}: {_short(value)} does not match the pattern {pattern}")


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _check_integer(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    # bool is an int subclass in Python, but never a valid wire integer.
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(f"{_where(path)}: expected an integer, got {type(value).__name__}")
        return
    _check_range(value, shape, path, errors)


def _check_float(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.append(f"{_where(path)}: expected a number, got {type(value).__name__}")
        return
    _check_range(value, shape, path, errors)


def _check_range(value: float, shape: Shape, path: str, errors: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        errors.append(f"{_where(path)}: {value} is below the minimum {low}")
    if high is not None and value > high:
        errors.append(f"{_where(path)}: {value} is above the maximum {high}")


def _check_boolean(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, bool):
        errors.append(f"{_where(path)}: expected a boolean, got {type(value).__name__}")


def _check_timestamp(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, datetime):
        errors.append(f"{_where(path)}: expected a timestamp, got {type(value).__name__}")
    elif value.tzinfo is None:
        # botocore always parses to aware datetimes; a naive one was made up somewhere.
        errors.append(f"{_where(path)}: timestamp without a time zone")


def _check_blob(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if not isinstance(value, (bytes, bytearray)):
        errors.append(f"{_where(path)}: expected bytes, got {type(value).__name__}")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


_CHECKERS = {
    "structure": _check_structure,
    "list": _check_list,
    "map": _check_map,
    "string": _check_string,
    "integer": _check_integer,
    "long": _check_integer,
    "float": _check_float,
    "double": _check_float,
    "boolean": _check_boolean,
    "timestamp": _check_timestamp,
    "blob": _check_blob,
}


def describe_training_job_shape() -> StructureShape:
    """botocore's DescribeTrainingJob output shape (the one the demo fleet must honour)."""
    return _operation_output("DescribeTrainingJob")


def list_training_jobs_shape() -> StructureShape:
    """botocore's ListTrainingJobs output shape."""
    return _operation_output("ListTrainingJobs")


@lru_cache(maxsize=8)
def _operation_output(operation: str) -> StructureShape:
    shape = sagemaker_model().operation_model(operation).output_shape
    assert isinstance(shape, StructureShape)
    return shape
