"""Text output byte for byte as the AWS CLI prints it (``--output text``).

The rules, reimplemented from the AWS CLI's ``text.py``:

* a dict prints its scalar values on one tab-separated line, keys sorted, prefixed by the upper-cased
  name of the key that led to it (none at the top); then each non-scalar value, keys sorted, as its
  own section;
* a list of dicts prints one line per dict, with the columns of every scalar key seen in any of
  them (sorted), blank where a dict lacks one;
* a list of scalars prints one line per item (``NAME\\tvalue``) under a key, or one tab-separated
  line at the top;
* a scalar prints ``str(value)``: ``True``, ``100.0``, ``None``.
"""

from __future__ import annotations

from typing import IO, Any


def format_text(data: Any, stream: IO[str]) -> None:
    _format(data, stream)


def _format(
    item: Any, stream: IO[str], identifier: str | None = None, scalar_keys: list[str] | None = None
) -> None:
    if isinstance(item, dict):
        _format_dict(item, stream, identifier, scalar_keys)
    elif isinstance(item, list):
        _format_list(item, stream, identifier)
    else:
        stream.write(f"{item}\n")


def _format_list(items: list[Any], stream: IO[str], identifier: str | None) -> None:
    if not items:
        return
    if any(isinstance(el, dict) for el in items):
        keys = _all_scalar_keys(items)
        for element in items:
            _format(element, stream, identifier, keys)
    elif any(isinstance(el, list) for el in items):
        scalars = [el for el in items if not isinstance(el, (list, dict))]
        others = [el for el in items if isinstance(el, (list, dict))]
        if scalars:
            _format_scalar_list(scalars, stream, identifier)
        for other in others:
            _format(other, stream, identifier)
    else:
        _format_scalar_list(items, stream, identifier)


def _format_scalar_list(items: list[Any], stream: IO[str], identifier: str | None) -> None:
    if identifier is not None:
        for item in items:
            stream.write(f"{identifier.upper()}\t{item}\n")
    else:
        stream.write("\t".join(str(item) for item in items))
        stream.write("\n")


def _format_dict(
    item: dict[str, Any], stream: IO[str], identifier: str | None, scalar_keys: list[str] | None
) -> None:
    scalars, non_scalars = _partition_dict(item, scalar_keys)
    if scalars:
        if identifier is not None:
            scalars.insert(0, identifier.upper())
        stream.write("\t".join(scalars))
        stream.write("\n")
    for key, value in non_scalars:
        _format(value, stream, key)


def _all_scalar_keys(dicts: list[Any]) -> list[str]:
    seen: set[str] = set()
    for item in dicts:
        # A list may mix dicts with other values; only the dicts contribute columns.
        if isinstance(item, dict):
            seen.update(k for k, v in item.items() if not isinstance(v, (dict, list)))
    return sorted(seen)


def _partition_dict(
    item: dict[str, Any], scalar_keys: list[str] | None
) -> tuple[list[str], list[tuple[str, Any]]]:
    scalars: list[str] = []
    non_scalars: list[tuple[str, Any]] = []
    if scalar_keys is None:
        for key, value in sorted(item.items(), key=lambda kv: kv[0]):
            if isinstance(value, (dict, list)):
                non_scalars.append((key, value))
            else:
                scalars.append(str(value))
    else:
        scalars = [str(item.get(key, "")) for key in scalar_keys]
        for key in sorted(set(item) - set(scalar_keys)):
            non_scalars.append((key, item[key]))
    return scalars, non_scalars
