"""User configuration (``config.toml``): the settings, their defaults, and where they are looked for.

Lookup order: ``--config PATH`` > ``$SAGEMAKER_TUI_CONFIG`` > ``<user config dir>/config.toml``
(``platformdirs.user_config_dir("sagemaker-tui")``). An explicitly named file must exist; the
default one is optional. Precedence of values: command-line options beat the config file, which
beats the defaults below (:func:`merge_overrides`).

Validation is strict on purpose (as harlequin does it): an unknown key is an error naming the valid
ones, and every error is one line ``file:line:col: reason`` (:class:`ConfigFileError`), so a typo
never silently falls back to a default. Textual-free: the headless commands read it too.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from tui.config_toml import ConfigFileError, locate_key, locate_table, read_toml

__all__ = ["AppConfig", "ConfigFileError", "load_config", "locate_key", "locate_table", "read_toml"]
from tui.models.columns import ALL_COLUMN_KEYS, DEFAULT_KEYS

APP_NAME = "sagemaker-tui"
#: Environment variable naming the config file (beaten only by ``--config``).
CONFIG_ENV = "SAGEMAKER_TUI_CONFIG"
CONFIG_FILENAME = "config.toml"

#: List columns shown when ``columns`` is not set: all but the optional ones (tags, objective) and
#: REGION (see models.columns).
DEFAULT_COLUMNS = DEFAULT_KEYS
#: Every column id the list screen knows (``columns`` may name these, in any order).
KNOWN_COLUMNS = ALL_COLUMN_KEYS
TIME_DISPLAYS = ("relative", "absolute")
TIMEZONES = ("utc", "local")


@dataclass
class AppConfig:
    """Everything a user can set in ``config.toml``."""

    #: AWS profile used when --profile and AWS_PROFILE are not given.
    profile: str | None = None
    #: AWS region used when --region and AWS_REGION are not given.
    region: str | None = None
    #: Theme name (a file in themes/ or the user's themes dir).
    theme: str = "sagemaker-dark"
    #: Seconds between incremental list refreshes.
    list_interval: float = 15.0
    #: Seconds between re-describes of a running job.
    running_job_interval: float = 10.0
    #: Seconds between re-describes of a finished job whose warm pool or rules can still change.
    settling_job_interval: float = 60.0
    #: botocore adaptive-retry attempts (including the first).
    max_attempts: int = 5
    #: List columns shown, in order.
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    #: "relative" or "absolute" times in the list.
    time_display: str = "relative"
    #: "utc" or "local" for absolute timestamps.
    timezone: str = "utc"
    #: Mask environment variable values in the detail screen until revealed.
    mask_environment: bool = True
    #: Animations cost bandwidth over SSH: off by default.
    animations: bool = False
    #: Refuse every action that changes AWS (stop a job, shell into a host); ``--allow-actions``
    #: turns them on for one run.
    read_only: bool = True
    #: Notify (bell, desktop notification, tmux message) for every job of the list that fails, not
    #: only for the watched ones.
    notify_failures: bool = False
    #: binding id -> keys, passed to Textual's ``App.set_keymap``.
    keymap: dict[str, str] = field(default_factory=dict)
    #: The file these values came from (None: defaults only). Not a setting.
    source: Path | None = field(default=None, compare=False, repr=False)
    #: Setting name -> (line, column) of its value in ``source``, for later error messages
    #: (e.g. a theme name that turns out not to exist). Not a setting.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def where(self, key: str) -> str:
        """``file:line:col`` of ``key``'s value, for one-line errors found after loading."""
        if self.source is None:
            return "config"
        # A keymap entry ("keymap.list.refresh") falls back to its table's position.
        line, col = self.positions.get(key) or self.positions.get(key.split(".")[0]) or (1, 1)
        return f"{self.source}:{line}:{col}"


#: Fields that are bookkeeping, not user settings.
_INTERNAL = frozenset({"source", "positions"})


# -- where the file is ------------------------------------------------------------------------
def user_config_dir() -> Path:
    """The user's config directory. The one function tests patch to move every user file."""
    return Path(platformdirs.user_config_dir(APP_NAME))


def config_path(explicit: str | None = None) -> tuple[Path, bool]:
    """The config file to read and whether the user named it (then it must exist)."""
    if explicit:
        return Path(explicit).expanduser(), True
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser(), True
    return user_config_dir() / CONFIG_FILENAME, False


def valid_names(names: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    return ", ".join(sorted(names))


# -- values -----------------------------------------------------------------------------------
def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_toml_type(value)}")
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _optional_string(value: Any) -> str | None:
    return _string(value)


def _region(value: Any) -> str:
    text = _string(value)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text):
        raise ValueError(f"{text!r} is not a region name like 'us-east-1'")
    return text


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number of seconds, not {_toml_type(value)}")
    if math.isnan(value) or math.isinf(value) or value < 1:
        # Below a second would exceed ListTrainingJobs' shared rate limit and cost bandwidth.
        raise ValueError(f"must be at least 1 second, not {value!r}")
    return float(value)


def _attempts(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, not {_toml_type(value)}")
    if not 1 <= value <= 100:
        raise ValueError(f"must be between 1 and 100, not {value}")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_toml_type(value)}")
    return value


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _string(value)
        if text not in choices:
            raise ValueError(f"must be one of {', '.join(repr(c) for c in choices)}, not {text!r}")
        return text

    return check


def _columns(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of column names")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in KNOWN_COLUMNS:
            raise ValueError(f"unknown column {item!r} (valid columns: {valid_names(KNOWN_COLUMNS)})")
        if item in seen:
            raise ValueError(f"column {item!r} is listed twice")
        seen.append(item)
    return tuple(seen)


def _toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


_KEY_TOKEN = re.compile(r"[^\s,]+")


def _keys(value: Any) -> str:
    """One binding's keys: ``"j,down"`` or ``["j", "down"]`` -> Textual's comma-separated form."""
    items = value if isinstance(value, list) else [value]
    keys: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(
                f"keys must be a string like \"ctrl+r\" or a list of them, not {_toml_type(item)}"
            )
        for part in item.split(","):
            part = part.strip()
            if not _KEY_TOKEN.fullmatch(part):
                raise ValueError(f"{item!r} is not a key list like \"r,ctrl+r\"")
            keys.append(part)
    if not keys:
        raise ValueError("must name at least one key")
    return ",".join(keys)


#: Setting name -> validator/converter. The keymap table is checked separately.
VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "profile": _optional_string,
    "region": _region,
    "theme": _string,
    "list_interval": _seconds,
    "running_job_interval": _seconds,
    "settling_job_interval": _seconds,
    "max_attempts": _attempts,
    "columns": _columns,
    "time_display": _choice(*TIME_DISPLAYS),
    "timezone": _choice(*TIMEZONES),
    "mask_environment": _boolean,
    "animations": _boolean,
    "read_only": _boolean,
    "notify_failures": _boolean,
}
SETTINGS = (*VALIDATORS, "keymap")


# -- loading ----------------------------------------------------------------------------------
def load_config(path: str | None = None) -> AppConfig:
    """The effective config: the file found by :func:`config_path`, validated, over the defaults.

    Raises :class:`ConfigFileError` (one line, ``file:line:col: reason``) for anything wrong.
    """
    location, explicit = config_path(path)
    if not explicit and not location.exists():
        return AppConfig()
    data, text = read_toml(location)
    return parse_config(data, text, location)


def check_config_file(path: str | None = None) -> tuple[AppConfig | None, list[ConfigFileError]]:
    """Every problem of the config file (``config check``), not just the first: the config made of
    the valid values (None when the file cannot be read or parsed) and one error per problem."""
    location, explicit = config_path(path)
    if not explicit and not location.exists():
        return AppConfig(), []
    try:
        data, text = read_toml(location)
    except ConfigFileError as exc:
        return None, [exc]
    return collect_config(data, text, location)


def parse_config(data: dict[str, Any], text: str, path: Path) -> AppConfig:
    """Validate parsed TOML (``text`` is the source, for positions) into an :class:`AppConfig`;
    the first problem is raised (start-up is strict: a typo never silently falls back)."""
    config, problems = collect_config(data, text, path)
    if problems:
        raise problems[0]
    return config


def collect_config(
    data: dict[str, Any], text: str, path: Path
) -> tuple[AppConfig, list[ConfigFileError]]:
    """Validate every setting; a bad one keeps its default and adds its error, in file order."""
    values: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    problems: list[ConfigFileError] = []
    for key, value in data.items():
        if key not in SETTINGS:
            line, col = locate_key(text, "", key, of_key=True) or locate_table(text, key) or (1, 1)
            problems.append(ConfigFileError(
                path, line, col, f"unknown key {key!r} (valid keys: {valid_names(SETTINGS)})"
            ))
            continue
        if isinstance(value, dict):
            line, col = locate_table(text, key) or (1, 1)
        else:
            line, col = locate_key(text, "", key) or (1, 1)
        positions[key] = (line, col)
        if key == "keymap":
            values[key] = _parse_keymap(value, text, path, (line, col), positions, problems)
            continue
        try:
            values[key] = VALIDATORS[key](value)
        except ValueError as exc:
            problems.append(ConfigFileError(path, line, col, f"{key}: {exc}"))
    problems.sort(key=lambda p: (p.line or 0, p.col or 0))
    return AppConfig(**values, source=path, positions=positions), problems


def _parse_keymap(
    value: Any,
    text: str,
    path: Path,
    table_at: tuple[int, int],
    positions: dict[str, tuple[int, int]],
    problems: list[ConfigFileError],
) -> dict[str, str]:
    if not isinstance(value, dict):
        reason = f"keymap must be a table of binding id = keys, not {_toml_type(value)}"
        problems.append(ConfigFileError(path, *table_at, reason))
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(value):
        at = locate_key(text, "keymap", binding_id) or table_at
        # Each entry's own position: an id no binding has is reported later, at its line.
        positions[f"keymap.{binding_id}"] = at
        try:
            keymap[binding_id] = _keys(keys)
        except ValueError as exc:
            problems.append(ConfigFileError(path, *at, f"keymap.{binding_id}: {exc}"))
    return keymap


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Binding ids contain dots (``list.refresh``): an unquoted dotted key parses as nested tables,
    so turn those back into the id the user meant."""
    items: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{name}."))
        else:
            items.append((name, value))
    return items


def merge_overrides(config: AppConfig, **overrides: Any) -> AppConfig:
    """``config`` with every override that is not None (command-line options beat the file)."""
    known = {f.name for f in fields(AppConfig)} - _INTERNAL
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"not config settings: {sorted(unknown)}")
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})


# -- the commented default written by `sagemaker-tui config init` ------------------------------
def default_config_text() -> str:
    """A complete, commented config file whose values are the defaults (it loads to AppConfig())."""
    d = AppConfig()
    columns = ", ".join(f'"{c}"' for c in d.columns)
    return f"""\
# sagemaker-tui configuration. Command-line options beat these settings, which beat the defaults.
# Every key is checked: a misspelt one is an error that lists the valid keys.

# AWS profile and region used when neither the command line (--profile/--region) nor the
# environment (AWS_PROFILE, AWS_REGION/AWS_DEFAULT_REGION) sets them.
# profile = "ml-research"
# region = "us-east-1"

# Colour theme: sagemaker-dark, sagemaker-light, high-contrast, ansi (follows the terminal's own
# 16 colours: the safe choice in screen or on old terminals), or a file of yours in
# <config dir>/themes/NAME.toml. Also --theme NAME, or switch live from the command palette (ctrl+p).
theme = "{d.theme}"

# Refresh intervals in seconds (at least 1): the job list's incremental refresh, a running job,
# and a finished job whose warm pool or debugger rules can still change.
list_interval = {d.list_interval:g}
running_job_interval = {d.running_job_interval:g}
settling_job_interval = {d.settling_job_interval:g}

# Attempts per API call, including the first (botocore adaptive retries; 1 to 100).
max_attempts = {d.max_attempts}

# Job list columns, in order. Valid: {", ".join(KNOWN_COLUMNS)}.
columns = [{columns}]

# Times in the list: "relative" (3h12m ago) or "absolute"; absolute times in "utc" or "local".
time_display = "{d.time_display}"
timezone = "{d.timezone}"

# Hide environment variable values in the job detail until revealed (they may hold secrets).
mask_environment = {str(d.mask_environment).lower()}

# Animations redraw the screen many times a second, which costs bandwidth over SSH.
animations = {str(d.animations).lower()}

# Read-only: keys that change AWS (stop a job ctrl+k, shell into a host x) are hidden and refused.
# false turns them on for every run; --allow-actions turns them on for one run.
read_only = {str(d.read_only).lower()}

# Notify (terminal bell, desktop notification, tmux message) when any job in the list fails, not
# only the jobs you watch (W).
notify_failures = {str(d.notify_failures).lower()}

# Remap keys: binding id = "key" or "key1,key2" (Textual key names: ctrl+r, f5, question_mark …).
# Binding ids are listed on the help screen (?).
[keymap]
# "app.quit" = "q,ctrl+q"
# "app.help" = "f1,question_mark"
"""
