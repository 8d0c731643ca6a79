"""``sagemaker-tui``: open the TUI, or run one of the headless sub-commands.

Sub-commands (``describe``, ``list``, ``demo-server``, ``cache``, ``config``, ``metrics``) live in
:mod:`tui.commands`; each has a ``run(argv) -> int``. This module parses the TUI's own options.
"""

from __future__ import annotations

from tui.paused_gc import importing

with importing():  # the entry point's own imports, and below the sub-command's or the TUI's
    import argparse
    import importlib
    import sys
    from collections.abc import Sequence

    from tui.aws.errors import AwsError
    from tui.commands.common import (
        APP_NAME,
        ERROR_EXIT,
        SERVICE_EXIT,
        OneLineParser,
        UsageError,
        add_global_options,
        print_error,
    )
    from tui.config import ConfigFileError

SUBCOMMANDS = {
    "describe": "tui.commands.describe",
    "list": "tui.commands.list_jobs",
    "demo-server": "tui.commands.demo_server",
    "cache": "tui.commands.cache",
    "config": "tui.commands.config_cmd",
    "metrics": "tui.commands.metrics",
    "logs": "tui.commands.logs",
    "compare": "tui.commands.compare",
    "wait": "tui.commands.wait",
}
STATUS_CHOICES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
WARM_POOL_CHOICES = ("Available", "InUse", "Reused", "Terminated")


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=APP_NAME,
        usage_exit=2,
        description="A terminal UI for Amazon SageMaker training jobs.",
        epilog="Sub-commands: " + ", ".join(SUBCOMMANDS) + " (each has --help).",
    )
    add_global_options(parser)
    app = parser.add_argument_group("app")
    app.add_argument("--training-job-name", metavar="NAME", help="open straight into this job")
    app.add_argument(
        "--theme",
        metavar="NAME",
        help="sagemaker-dark (default), sagemaker-light, high-contrast, ansi, or a theme of yours",
    )
    app.add_argument(
        "--cloudwatch-endpoint-url",
        metavar="URL",
        help="CloudWatch's endpoint for the Metrics tab (default: botocore's configuration)",
    )
    app.add_argument("--demo", action="store_true", help="run against the embedded demo fleet")
    app.add_argument(
        "--allow-actions", action="store_true",
        help="turn on the keys that change AWS (stop a job, shell into a host) for this run",
    )
    app.add_argument(
        "--logs-endpoint-url", metavar="URL",
        help="CloudWatch Logs endpoint for the Logs tab (default: botocore's configuration)",
    )
    app.add_argument("--demo-seed", type=int, metavar="N", help="seed for a reproducible demo fleet")
    r = parser.add_argument_group("refresh and retries (beat the config file)")
    r.add_argument("--list-interval", type=interval, metavar="SECONDS", help="job list refresh (default 15)")
    r.add_argument(
        "--running-job-interval", type=interval, metavar="SECONDS", help="running job refresh (default 10)"
    )
    r.add_argument(
        "--settling-job-interval",
        type=interval,
        metavar="SECONDS",
        help="refresh of a finished job whose warm pool or rules can still change (default 60)",
    )
    r.add_argument("--max-attempts", type=attempts, metavar="N", help="attempts per API call (default 5)")
    f = parser.add_argument_group("server-side filters (ListTrainingJobs)")
    f.add_argument("--name-contains", metavar="TEXT", help="only jobs whose name contains TEXT")
    f.add_argument("--status", choices=STATUS_CHOICES, help="only jobs in this status")
    f.add_argument("--since", metavar="AGE|DATE", help="only jobs created since: 7d, 12h, 2026-01-01")
    f.add_argument(
        "--warm-pool-status", choices=WARM_POOL_CHOICES, help="only jobs with this warm pool status"
    )
    f.add_argument("--where", metavar="EXPR", help="show only the jobs of this Search query (README: Query)")
    return parser


def interval(text: str) -> float:
    """argparse type for refresh intervals: seconds, at least 1 (as in the config file)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 1 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1 second")
    return value


def attempts(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 1 and 100")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command = _subcommand(args)
        if command is not None:
            index = args.index(command)
            with importing():
                module = importlib.import_module(SUBCOMMANDS[command])
            return int(module.run(args[:index] + args[index + 1 :]))
        ns = build_parser().parse_args(args)
        with importing():
            from tui.launch import launch_tui  # deferred: textual is not needed by sub-commands

        return launch_tui(ns)
    except UsageError as exc:
        print_error(str(exc))
        return exc.code
    except AwsError as exc:
        print_error(f"{APP_NAME}: {exc}")
        return SERVICE_EXIT if exc.code else ERROR_EXIT
    except ConfigFileError as exc:
        print_error(str(exc))  # file:line:col: reason
        return ERROR_EXIT
    except KeyboardInterrupt:
        return 130


def _subcommand(args: list[str]) -> str | None:
    """The sub-command named by the first positional word, skipping global option values."""
    takes_value = {
        "--profile", "--region", "--endpoint-url", "--ca-bundle", "--cli-read-timeout",
        "--cli-connect-timeout", "--color", "--config", "--theme", "--list-interval", "--logs-endpoint-url",
        "--running-job-interval", "--settling-job-interval", "--max-attempts", "--cloudwatch-endpoint-url",
        # the AWS CLI also takes its output options before the service name (`aws --output text ...`)
        "--output", "--query", "--cli-input-json", "--cli-input-yaml", "--cli-binary-format",
        "--starting-token", "--max-items", "--page-size",
    }
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            skip = arg in takes_value
            continue
        return arg if arg in SUBCOMMANDS else None
    return None
