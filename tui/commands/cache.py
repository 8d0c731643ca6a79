"""``sagemaker-tui cache info|clear``: what the cache holds, and emptying it.

``cache clear`` with no option clears what this profile/region/endpoint would show (the scope the
app reads from with the same ``--profile``/``--region``/``--endpoint-url``, environment and config);
``--region R`` clears every account and endpoint in region R; ``--all`` clears everything. No
command here makes an API call.
"""

from __future__ import annotations

import argparse
import sys

from tui.cache.queries import CacheInfo
from tui.cache.scope import AWS_ENDPOINT, context_for
from tui.cache.store import CacheError, CacheStore
from tui.commands.common import (
    APP_NAME,
    ERROR_EXIT,
    OneLineParser,
    UsageError,
    add_global_options,
    connection_options,
)
from tui.models.timefmt import format_timestamp


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} cache",
        description="The describe/list cache shared by the TUI and the headless commands.",
    )
    add_global_options(parser)
    sub = parser.add_subparsers(dest="action", metavar="{info,clear}", required=True)
    sub.add_parser("info", help="path, size, and entries by account/region/endpoint with their ages")
    clear = sub.add_parser(
        "clear",
        help="delete cached entries: by default those of the current profile/region/endpoint",
        description="Without an option: delete what this profile/region/endpoint shows (as resolved "
        "from --profile, --region, --endpoint-url before `cache`, the environment and the config). "
        "--region R: every account and endpoint in R. --all: everything.",
    )
    which = clear.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="delete every entry of every account")
    which.add_argument(
        "--region", dest="clear_region", metavar="R", help="delete every entry in region R"
    )
    return parser


def run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    store = CacheStore.open_default()
    try:
        for warning in store.warnings:
            print(f"{APP_NAME}: {warning}", file=sys.stderr)
        if ns.action == "info":
            print(render_info(store.info()))
            return 0
        return _clear(ns, store)
    except CacheError as exc:
        print(f"{APP_NAME}: the cache could not be read: {exc}", file=sys.stderr)
        return ERROR_EXIT
    finally:
        store.close()


def _clear(ns: argparse.Namespace, store: CacheStore) -> int:
    if ns.all:
        removed = store.clear()
        print(f"Cleared the whole cache ({_entries(removed)}).")
        return 0
    if ns.clear_region:
        removed = store.clear(region=ns.clear_region)
        print(f"Cleared region {ns.clear_region} ({_entries(removed)}).")
        return 0
    from tui.config import ConfigFileError, load_config

    try:
        config = load_config(ns.config)
    except ConfigFileError as exc:
        raise UsageError(str(exc), ERROR_EXIT) from None
    options = connection_options(
        ns, config_profile=config.profile, config_region=config.region, max_attempts=config.max_attempts
    )
    context = context_for(None, options)
    if context is None:
        raise UsageError(
            f"{APP_NAME} cache clear: error: no region is set for this profile; "
            "pass --region R (after clear) or --all",
            ERROR_EXIT,
        )
    scope = store.scope_for_context(context)
    where = context.region if context.endpoint == AWS_ENDPOINT else f"{context.region} @ {context.endpoint}"
    if scope is None:
        print(f"Nothing cached for profile {context.profile} in {where}.")
        return 0
    removed = store.clear(scopes=[scope])
    print(f"Cleared account {scope.account or '(unknown)'} in {where} ({_entries(removed)}).")
    return 0


def _entries(n: int) -> str:
    return f"{n:,} entr{'y' if n == 1 else 'ies'}"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def render_info(info: CacheInfo) -> str:
    """The text of ``cache info``: a few facts, then one row per scope."""
    lines = [
        f"path:    {info.path}" + ("  (unavailable: using a memory cache)" if info.in_memory else ""),
        f"size:    {human_size(info.size_bytes)}",
        f"schema:  {info.schema_version}",
        f"entries: {info.entries:,} in {len(info.scopes)} scope{'' if len(info.scopes) == 1 else 's'}",
    ]
    if not info.scopes:
        return "\n".join(lines)
    header = ("ACCOUNT", "REGION", "ENDPOINT", "JOBS", "DESCRIBES", "OLDEST FETCH", "NEWEST FETCH")
    rows = [
        (
            s.scope.account or "(unknown)",
            s.scope.region,
            s.scope.endpoint,
            f"{s.jobs:,}",
            f"{s.describes:,}",
            format_timestamp(s.oldest),
            format_timestamp(s.newest),
        )
        for s in info.scopes
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    numeric = {3, 4}
    lines.append("")
    for row in (header, *rows):
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
