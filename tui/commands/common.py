"""What every sub-command shares: a one-line-error argument parser and the AWS CLI global options."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

import platformdirs

from tui import __version__
from tui.aws.client import DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, ConnectionOptions

APP_NAME = "sagemaker-tui"
#: Exit code for bad command-line input, as the AWS CLI uses for parse errors.
USAGE_EXIT = 252
#: Exit code for a service/connection error, as the AWS CLI uses.
SERVICE_EXIT = 254
#: Exit code for other failures (bad config, offline cache miss …).
ERROR_EXIT = 1


#: The longest socket timeout accepted (about 11 days); 0 means blocking, for longer.
MAX_TIMEOUT = 1_000_000


class UsageError(Exception):
    """Bad input: printed as one line, exits with ``code``."""

    def __init__(self, message: str, code: int = USAGE_EXIT) -> None:
        super().__init__(message)
        self.code = code


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr (no usage dump) and a chosen exit code."""

    def __init__(self, *args: object, usage_exit: int = USAGE_EXIT, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.usage_exit = usage_exit

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}", self.usage_exit)


def seconds(text: str) -> float:
    """argparse type for the CLI timeouts: a number of seconds, 0 = blocking."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 (blocking) or a positive number")
    if value > MAX_TIMEOUT:  # `inf`: accepted by float(), then every call fails (timestamp out of range)
        raise argparse.ArgumentTypeError(
            f"{text!r} is too long: at most {MAX_TIMEOUT:,} seconds (0 = blocking)"
        )
    return value


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """The AWS CLI's global options, same names and meaning."""
    g = parser.add_argument_group("AWS connection (as in the AWS CLI)")
    g.add_argument("--profile", help="use a specific profile from your credential file")
    g.add_argument("--region", help="the region to use; overrides config/env settings")
    g.add_argument("--endpoint-url", help="override the SageMaker endpoint URL")
    g.add_argument(
        "--no-verify-ssl", action="store_true", help="do not verify SSL certificates"
    )
    g.add_argument("--ca-bundle", help="the CA certificate bundle to use for SSL verification")
    g.add_argument(
        "--cli-read-timeout",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help=f"socket read timeout; 0 = blocking (default {DEFAULT_TIMEOUT:g})",
    )
    g.add_argument(
        "--cli-connect-timeout",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help=f"socket connect timeout; 0 = blocking (default {DEFAULT_TIMEOUT:g})",
    )
    g.add_argument(
        "--no-sign-request", action="store_true", help="do not sign requests (no credentials)"
    )
    g.add_argument(
        "--debug", action="store_true", help="write a debug log under the user log directory"
    )
    g.add_argument(
        "--color", choices=("on", "off", "auto"), default="auto", help="colour output (default auto)"
    )
    c = parser.add_argument_group("cache")
    c.add_argument("--offline", action="store_true", help="use only the cache; make no API call")
    c.add_argument("--no-cache", action="store_true", help="bypass the cache for this run")
    c.add_argument(
        "--config", metavar="PATH", help="config file (default: SAGEMAKER_TUI_CONFIG or the user config dir)"
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")


def connection_options(
    ns: argparse.Namespace,
    *,
    config_profile: str | None = None,
    config_region: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> ConnectionOptions:
    """ConnectionOptions from parsed global options; the config's profile/region fill gaps only
    where neither the command line nor the environment sets them."""
    profile = ns.profile or (None if os.environ.get("AWS_PROFILE") else config_profile)
    region = ns.region
    if region is None and not (os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")):
        region = config_region
    return ConnectionOptions(
        profile=profile,
        region=region,
        endpoint_url=ns.endpoint_url,
        verify_ssl=not ns.no_verify_ssl,
        ca_bundle=ns.ca_bundle,
        read_timeout=DEFAULT_TIMEOUT if ns.cli_read_timeout is None else ns.cli_read_timeout,
        connect_timeout=DEFAULT_TIMEOUT if ns.cli_connect_timeout is None else ns.cli_connect_timeout,
        no_sign_request=ns.no_sign_request,
        max_attempts=max_attempts,
        # Only the TUI and `logs` take --logs-endpoint-url (CloudWatch Logs' endpoint).
        logs_endpoint_url=getattr(ns, "logs_endpoint_url", None),
    )


def log_path() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME)) / "debug.log"


def setup_debug_logging(enabled: bool) -> Path | None:
    """--debug logs botocore and the app to a file, never onto the terminal (the TUI owns it)."""
    if not enabled:
        return None
    import logging

    from tui.debug_log import open_private_log

    path = log_path()
    handler = open_private_log(path)  # 0700/0600, secrets redacted
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    return path


def print_error(message: str) -> None:
    """The one line a user sees for a failure (service text in it shown visibly, never raw)."""
    from tui.safe_text import visible

    print(visible(message, lines=True), file=sys.stderr)
