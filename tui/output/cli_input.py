"""``--cli-input-json`` / ``--cli-input-yaml``: request parameters from a string or ``file://path``.

As in the AWS CLI: the input's keys are the API's parameter names (``TrainingJobName``), values on
the command line win over the input's, and the merged parameters are validated against the
operation's input shape with botocore's own validator (so the messages are botocore's). Every
failure is one line (the AWS CLI spreads some over three).

The common case (plain strings, whole numbers and aware datetimes botocore would accept) is checked
against generated constants (:mod:`tui.aws.model_tables`) without importing botocore; anything
else goes to botocore's validator, which gives the verdict and the message.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui.aws.model_tables import input_members

PREFIXES = ("file://", "fileb://")
#: Input files larger than this are refused (`file:///dev/zero` would otherwise be read forever).
MAX_INPUT_BYTES = 10 * 1024 * 1024


TOO_DEEP = "the input is nested too deeply"


class InputError(Exception):
    """Unusable input parameters; ``str()`` is the one line to print."""


def read_param_value(value: str, option: str) -> str:
    """The text of ``value``, or of the file it names with ``file://`` / ``fileb://``."""
    for prefix in PREFIXES:
        if value.startswith(prefix):
            path = Path(value[len(prefix) :]).expanduser()
            try:
                with path.open("rb") as f:
                    data = f.read(MAX_INPUT_BYTES + 1)
                if len(data) > MAX_INPUT_BYTES:
                    raise InputError(
                        f"Error parsing parameter '{option}': Unable to load paramfile {value}: "
                        f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB"
                    )
                return data.decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(
                    f"Error parsing parameter '{option}': Unable to load paramfile {value}: {exc}"
                ) from None
    return value


def load_cli_input(json_value: str | None, yaml_value: str | None) -> dict[str, Any]:
    """The parameters given by ``--cli-input-json`` or ``--cli-input-yaml`` ({} when neither)."""
    if json_value is not None:
        text = read_param_value(json_value, "--cli-input-json")
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"Error parsing parameter 'cli-input-json': Invalid JSON: {exc}") from None
        except RecursionError:
            raise InputError(f"Error parsing parameter 'cli-input-json': {TOO_DEEP}") from None
        kind = "cli-input-json"
    elif yaml_value is not None:
        import yaml

        text = read_param_value(yaml_value, "--cli-input-yaml")
        try:
            data = yaml.safe_load(text)
        except RecursionError:
            raise InputError(f"Error parsing parameter 'cli-input-yaml': {TOO_DEEP}") from None
        except yaml.YAMLError as exc:
            first = " ".join(str(exc).split())
            raise InputError(f"Error parsing parameter 'cli-input-yaml': Invalid YAML: {first}") from None
        kind = "cli-input-yaml"
    else:
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(
            f"Error parsing parameter '{kind}': the input must be a mapping of parameter names to "
            f"values, not {type(data).__name__}"
        )
    return data


def merge_parameters(from_input: Mapping[str, Any], from_command_line: Mapping[str, Any]) -> dict[str, Any]:
    """Input values, overridden by every command-line value that was given (not None)."""
    merged = dict(from_input)
    merged.update({k: v for k, v in from_command_line.items() if v is not None})
    return merged


def validate(operation: str, params: Mapping[str, Any]) -> None:
    """botocore's parameter validation for ``operation``, as one line."""
    if plainly_valid(operation, params):
        return
    from botocore.exceptions import ParamValidationError
    from botocore.validate import validate_parameters

    from tui.output.normalize import input_shape

    try:
        validate_parameters(dict(params), input_shape(operation))
    except RecursionError:
        raise InputError(f"Parameter validation failed: {TOO_DEEP}") from None
    except ParamValidationError as exc:
        report = str(exc.kwargs.get("report", "")).strip()
        lines = [line.strip() for line in report.splitlines() if line.strip()]
        raise InputError("Parameter validation failed: " + "; ".join(lines)) from None


def plainly_valid(operation: str, params: Mapping[str, Any]) -> bool:
    """True when botocore's validator would certainly accept ``params``; False means "ask it"
    (it may still accept them: this check knows only the plain forms)."""
    required, members = input_members(operation)
    if not required <= params.keys():
        return False
    for name, value in params.items():
        member = members.get(name)
        if member is None:
            return False
        kind, least = member
        if kind == "string":
            if not isinstance(value, str) or (least is not None and len(value) < least):
                return False
        elif kind in ("integer", "long"):
            if type(value) is not int or (least is not None and value < least):
                return False
        elif kind == "timestamp":
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                return False
        else:
            return False
    return True
