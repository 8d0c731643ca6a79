"""TOML files read with positions: every failure, and every value a caller rejects, is reported at
its ``file:line:col`` (:class:`ConfigFileError`). Shared by the config file (:mod:`tui.config`) and
the theme files (:mod:`tui.themes`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib


class ConfigFileError(Exception):
    """A config (or theme) file that cannot be used; ``str()`` is the one line a user sees."""

    def __init__(self, path: Path | str, line: int | None, col: int | None, reason: str) -> None:
        super().__init__(reason)
        self.path = Path(path)
        self.line = line
        self.col = col
        self.reason = reason

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}:{self.col or 1}: {self.reason}"


_TOML_POS = re.compile(r"^(?P<reason>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_END = re.compile(r"^(?P<reason>.*?) \(at end of document\)$")


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse ``path``; every failure becomes a :class:`ConfigFileError` with a position."""
    # Imported here, not at start-up: most runs have no config file to parse.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigFileError(path, None, None, "no such file") from None
    except IsADirectoryError:
        raise ConfigFileError(path, None, None, "is a directory, not a file") from None
    except OSError as exc:
        raise ConfigFileError(path, None, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = offset_position(prefix, len(prefix))
        raise ConfigFileError(path, line, col, "not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line, col, reason = _decode_error_position(exc, text)
        raise ConfigFileError(path, line, col, f"malformed TOML: {reason}") from None


def _decode_error_position(exc: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    message = str(exc)
    # tomli >= 2.1 and Python >= 3.14 carry the position; older ones only say it in the message.
    lineno, colno = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    match = _TOML_POS.match(message)
    if match:
        return int(match["line"]), int(match["col"]), _lower_first(match["reason"])
    match = _TOML_END.match(message)
    if match:
        line, col = offset_position(text, len(text))
        return line, col, f"{_lower_first(match['reason'])} at end of file"
    if isinstance(lineno, int) and isinstance(colno, int):
        return lineno, colno, _lower_first(getattr(exc, "msg", message))
    return 1, 1, _lower_first(message)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of character ``offset`` in ``text``."""
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


_KEY_LINE = re.compile(
    r"""^\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>[A-Za-z0-9_.-]+))\s*=\s*"""
)
_TABLE_LINE = re.compile(r"^\s*\[(?P<name>[^\[\]]+)\]\s*(?:#.*)?$")


def locate_key(text: str, table: str, key: str, *, of_key: bool = False) -> tuple[int, int] | None:
    """(line, column) of ``key``'s value (or of the key itself) in ``[table]`` ("" = top level);
    None if not found.

    A line scanner, not a parser: enough for the layouts people write (``key = value`` lines under
    ``[table]`` headers). Dotted keys and inline tables fall back to the caller's default.
    """
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header:
            current = header["name"].strip().strip("\"'")
            continue
        if current != table:
            continue
        match = _KEY_LINE.match(line)
        if match and key in (match["dq"], match["sq"], match["bare"]):
            key_col = len(line) - len(line.lstrip()) + 1
            return number, key_col if of_key else match.end() + 1
    return None


def locate_table(text: str, table: str) -> tuple[int, int] | None:
    """(line, column) of a ``[table]`` header, or of ``table = {...}`` at the top level."""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header and header["name"].strip().strip("\"'") == table:
            return number, 1
    return locate_key(text, "", table)
