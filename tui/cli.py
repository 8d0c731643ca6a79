"""``sagemaker-tui``: open the TUI, or run one of the headless sub-commands.

Sub-commands (``describe``, ``list``, ``demo-server``, ``cache``, ``config``) live in
:mod:`tui.commands`; each has a ``run(argv) -> int``. This module parses the TUI's own options.
"""

from __future__ import annotations

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

SUBCOMMANDS = {
    "describe": "tui.commands.describe",
    "list": "tui.commands.list_jobs",
    "demo-server": "tui.commands.demo_server",
    "cache": "tui.commands.cache",
    "config": "tui.commands.config_cmd",
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
    app.add_argument("--theme", help="theme name (see themes/)")
    app.add_argument("--demo", action="store_true", help="run against the embedded demo fleet")
    app.add_argument("--demo-seed", type=int, metavar="N", help="seed for a reproducible demo fleet")
    f = parser.add_argument_group("server-side filters (ListTrainingJobs)")
    f.add_argument("--name-contains", metavar="TEXT", help="only jobs whose name contains TEXT")
    f.add_argument("--status", choices=STATUS_CHOICES, help="only jobs in this status")
    f.add_argument("--since", metavar="AGE|DATE", help="only jobs created since: 7d, 12h, 2026-01-01")
    f.add_argument(
        "--warm-pool-status", choices=WARM_POOL_CHOICES, help="only jobs with this warm pool status"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        command = _subcommand(args)
        if command is not None:
            index = args.index(command)
            module = importlib.import_module(SUBCOMMANDS[command])
            return int(module.run(args[:index] + args[index + 1 :]))
        ns = build_parser().parse_args(args)
        from tui.launch import launch_tui  # deferred: textual is not needed by sub-commands

        return launch_tui(ns)
    except UsageError as exc:
        print_error(str(exc))
        return exc.code
    except AwsError as exc:
        print_error(f"{APP_NAME}: {exc}")
        return SERVICE_EXIT if exc.code else ERROR_EXIT
    except KeyboardInterrupt:
        return 130


def _subcommand(args: list[str]) -> str | None:
    """The sub-command named by the first positional word, skipping global option values."""
    takes_value = {
        "--profile", "--region", "--endpoint-url", "--ca-bundle", "--cli-read-timeout",
        "--cli-connect-timeout", "--color", "--config",
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
