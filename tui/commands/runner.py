"""What ``sagemaker-tui describe`` and ``sagemaker-tui list`` share: the AWS CLI's per-command output
options, the repository they read through, and how failures are reported.

Exit codes follow the AWS CLI v2: 252 bad command line or input, 253 unusable configuration or
credentials, 254 the service answered with an error, 255 anything else (the endpoint could not be
reached …); 1 when ``--offline`` and the cache does not have the answer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from tui.aws.client import build_client
from tui.aws.errors import AwsError, ConfigError, CredentialsError
from tui.cache.store import CacheStore
from tui.commands.common import (
    APP_NAME,
    ERROR_EXIT,
    SERVICE_EXIT,
    USAGE_EXIT,
    UsageError,
    connection_options,
    print_error,
    setup_debug_logging,
)
from tui.output.cli_input import InputError
from tui.output.formatters import OUTPUT_CHOICES
from tui.output.query import QueryError
from tui.output.skeletons import SKELETON_CHOICES, input_skeleton_json, input_skeleton_yaml
from tui.output.table import TableError
from tui.safe_text import visible

#: The configuration or the credentials cannot work (the AWS CLI's 253).
CONFIG_EXIT = 253
#: Any other failure (the AWS CLI's 255).
OTHER_EXIT = 255
BINARY_FORMATS = ("base64", "raw-in-base64-out")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The AWS CLI's per-command options (``--color`` and the connection ones are global)."""
    g = parser.add_argument_group("output and input (as in the AWS CLI)")
    g.add_argument(
        "--output",
        choices=OUTPUT_CHOICES,
        help="output format (default: AWS_DEFAULT_OUTPUT, the profile's `output`, else json)",
    )
    g.add_argument("--query", metavar="JMESPATH", help="a JMESPath query to filter the response")
    inputs = g.add_mutually_exclusive_group()
    inputs.add_argument(
        "--cli-input-json", metavar="JSON", help="request parameters as JSON (a string or file://path)"
    )
    inputs.add_argument(
        "--cli-input-yaml", metavar="YAML", help="request parameters as YAML (a string or file://path)"
    )
    g.add_argument(
        "--generate-cli-skeleton",
        nargs="?",
        const="input",
        choices=SKELETON_CHOICES,
        help="print an input skeleton (JSON or YAML) or a sample output instead of calling the API",
    )
    g.add_argument("--no-paginate", action="store_true", help="make one API call only")
    g.add_argument(
        "--no-cli-pager", action="store_true", help="accepted for compatibility: output is never paged"
    )
    g.add_argument(
        "--cli-binary-format",
        choices=BINARY_FORMATS,
        help="accepted for compatibility (these operations have no binary fields)",
    )
    prompt = g.add_mutually_exclusive_group()
    prompt.add_argument(
        "--cli-auto-prompt",
        action="store_true",
        help="ask for a missing training job name when run on a terminal",
    )
    prompt.add_argument("--no-cli-auto-prompt", action="store_true", help="never prompt (the default)")


def resolve_output(explicit: str | None, profile: str | None) -> str:
    """``--output``, else ``AWS_DEFAULT_OUTPUT``, else the profile's ``output`` setting, else json."""
    value = explicit or os.environ.get("AWS_DEFAULT_OUTPUT") or _profile_output(profile) or "json"
    if value not in OUTPUT_CHOICES:
        raise UsageError(f"Unknown output type: {value} (valid: {', '.join(OUTPUT_CHOICES)})", USAGE_EXIT)
    return value


def _profile_output(profile: str | None) -> str | None:
    return _profile_setting(profile, "output") or None


class CliFailure(Exception):
    """A failure the AWS CLI reports as a bare exception: a blank line, the message, exit 255."""


def resolve_timestamps(profile: str | None) -> str:
    """The profile's ``cli_timestamp_format`` (``iso8601``, ``wire``, ``none``), read as the AWS CLI
    reads it (the config and credentials files only, no environment variable); absent: ISO 8601,
    the AWS CLI v2's default (see :mod:`tui.output.normalize`). Any other value fails as it does."""
    from tui.output.normalize import DEFAULT_TIMESTAMP_FORMAT, TIMESTAMP_FORMATS

    value = _profile_setting(profile, "cli_timestamp_format")
    if value is None:
        return DEFAULT_TIMESTAMP_FORMAT
    if value not in TIMESTAMP_FORMATS:
        raise CliFailure(
            f'Unknown cli_timestamp_format value: {value}, valid values are "none", "wire" or "iso8601"'
        )
    return value


def _profile_setting(profile: str | None, key: str) -> str | None:
    """A setting of the profile, from the light reader; botocore's reading where it cannot decide."""
    from tui.aws.config_files import Undecided, profile_setting

    try:
        return profile_setting(profile, key)
    except Undecided:
        pass  # botocore's own reading decides (and a missing profile means "no setting" there too)
    import botocore.session
    from botocore.exceptions import BotoCoreError

    try:
        session = botocore.session.Session(profile=profile)
        value = session.get_scoped_config().get(key)
    except (BotoCoreError, OSError, ValueError):
        return None
    return None if value is None else str(value)


@contextmanager
def open_repository(
    ns: argparse.Namespace, *, spacing: bool = True, clock: Any = None
) -> Iterator[Any]:
    """A JobRepository as the TUI builds it: the user's cache (unless ``--no-cache``), no client when
    ``--offline``; the cache is closed on the way out. ``spacing=False`` drops the gap between
    ListTrainingJobs calls (the AWS CLI has none; botocore's adaptive retries still back off when
    throttled). ``clock``: the repository's (tests fix it; default the system's)."""
    from dataclasses import replace

    from tui.config import ConfigFileError, load_config
    from tui.repository import JobRepository, RefreshIntervals

    try:
        config = load_config(ns.config)
    except ConfigFileError as exc:
        raise ConfigError(str(exc)) from None
    setup_debug_logging(ns.debug)
    options = connection_options(
        ns, config_profile=config.profile, config_region=config.region, max_attempts=config.max_attempts
    )
    if not spacing:
        options = replace(options, list_min_interval=0.0)
    client = None if ns.offline else build_client(options)
    cache: Any = None if ns.no_cache else CacheStore.open_default()
    try:
        yield JobRepository(
            client=client,
            cache=cache,
            options=options,
            **({"clock": clock} if clock is not None else {}),
            intervals=RefreshIntervals(
                running_job=config.running_job_interval,
                settling_job=config.settling_job_interval,
            ),
        )
    finally:
        if cache is not None:
            cache.close()


def warn(message: str) -> None:
    print_error(f"{APP_NAME}: {message}")


def report(exc: BaseException) -> int:
    """Print one failure the way the AWS CLI would and return its exit code."""
    if isinstance(exc, (CliFailure, TableError)):
        sys.stderr.write(f"\n{visible(str(exc), lines=True)}\n")
        return OTHER_EXIT
    if isinstance(exc, (UsageError, QueryError, InputError)):
        print_error(str(exc))
        if isinstance(exc, UsageError):
            return exc.code
        # A query that parses but fails on the data is not a usage error (the AWS CLI: 255).
        return OTHER_EXIT if isinstance(exc, QueryError) and exc.runtime else USAGE_EXIT
    if isinstance(exc, AwsError):
        if exc.code:
            # The AWS CLI writes a blank line, then the botocore message.
            sys.stderr.write(f"\n{visible(exc.cli_message, lines=True)}\n")
            return SERVICE_EXIT
        from tui.aws.errors import OfflineError

        print_error(f"{APP_NAME}: {exc}")
        if isinstance(exc, OfflineError):
            return ERROR_EXIT
        if isinstance(exc, (ConfigError, CredentialsError)):
            return CONFIG_EXIT
        return OTHER_EXIT
    raise exc


@contextmanager
def stdout_guard() -> Iterator[IO[str]]:
    """stdout for the command; a reader that goes away (``| head``) ends it quietly, like the CLI."""
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again when flushing at exit: point stdout at /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def print_input_skeleton(operation: str, kind: str | None) -> bool:
    """``--generate-cli-skeleton input|yaml-input``: print it and say so (False for any other kind)."""
    if kind not in ("input", "yaml-input"):
        return False
    text = input_skeleton_json(operation) if kind == "input" else input_skeleton_yaml(operation)
    with stdout_guard() as out:
        out.write(text)
    return True


def guarded(run: Callable[[list[str]], int], argv: list[str]) -> int:
    """Run a command body; every expected failure becomes one line and an exit code."""
    try:
        return run(argv)
    except (UsageError, QueryError, InputError, AwsError, CliFailure, TableError) as exc:
        return report(exc)
    except KeyboardInterrupt:
        return 130
