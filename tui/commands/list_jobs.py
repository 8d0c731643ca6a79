"""``sagemaker-tui list``: a drop-in for ``aws sagemaker list-training-jobs``.

Same filters, same pagination (``--max-items``, ``--page-size``, ``--starting-token`` with botocore's
token format, ``--no-paginate``), same output bytes for ``json``, ``text`` and ``table``. Pages go
through the repository, so they land in the TUI's cache; a fresh complete listing in the cache is
printed without a call (:func:`_answered_from_cache`); ``--offline`` prints the cached list instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from typing import Any

from tui.aws.jobs import STATUSES, WARM_POOL_STATUSES, ListFilters
from tui.aws.model_tables import member_shape_name, output_shape_name
from tui.commands.cache_hit import service_order
from tui.commands.common import APP_NAME, USAGE_EXIT, OneLineParser, UsageError, add_global_options
from tui.commands.runner import (
    add_output_options,
    guarded,
    open_repository,
    print_input_skeleton,
    resolve_output,
    resolve_timestamps,
    stdout_guard,
    warn,
)
from tui.output.cli_input import InputError, load_cli_input, merge_parameters, validate
from tui.output.formatters import OutputOptions, write_paged, write_response
from tui.output.normalize import to_cli_data
from tui.output.paginate import Paged, PageResult, TokenError, paginate
from tui.output.query import compile_query
from tui.output.skeletons import output_skeleton

OPERATION = "ListTrainingJobs"
RESULT_KEY = "TrainingJobSummaries"
SORT_BY = ("Name", "CreationTime", "Status")
SORT_ORDER = ("Ascending", "Descending")
#: ListTrainingJobs parameter -> ListFilters field.
FILTER_PARAMS = {
    "NameContains": "name_contains",
    "StatusEquals": "status_equals",
    "CreationTimeAfter": "creation_time_after",
    "CreationTimeBefore": "creation_time_before",
    "LastModifiedTimeAfter": "last_modified_time_after",
    "LastModifiedTimeBefore": "last_modified_time_before",
    "WarmPoolStatusEquals": "warm_pool_status_equals",
    "SortBy": "sort_by",
    "SortOrder": "sort_order",
    "TrainingPlanArnEquals": "training_plan_arn_equals",
}
TIME_PARAMS = frozenset(
    {"CreationTimeAfter", "CreationTimeBefore", "LastModifiedTimeAfter", "LastModifiedTimeBefore"}
)
#: Parameters that, given through --cli-input-json/yaml, turn automatic pagination off (AWS CLI v2).
PAGING_PARAMS = ("NextToken", "MaxResults")


def timestamp(text: str) -> dt.datetime:
    """argparse type: ISO 8601 or seconds since the epoch; a zone-less time is UTC (as botocore)."""
    from botocore.utils import parse_to_aware_datetime

    try:
        return parse_to_aware_datetime(text)
    except (ValueError, TypeError, OverflowError):
        raise argparse.ArgumentTypeError(
            f"invalid timestamp {text!r}: use ISO 8601 (2026-01-31T12:00:00Z) or epoch seconds"
        ) from None


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} list",
        description="List training jobs, as `aws sagemaker list-training-jobs` does.",
    )
    f = parser.add_argument_group("filters (as in the AWS CLI)")
    f.add_argument("--name-contains", metavar="TEXT", help="only jobs whose name contains TEXT")
    f.add_argument("--status-equals", choices=STATUSES, help="only jobs in this status")
    for option, what in (
        ("--creation-time-after", "created after"),
        ("--creation-time-before", "created before"),
        ("--last-modified-time-after", "modified after"),
        ("--last-modified-time-before", "modified before"),
    ):
        f.add_argument(option, type=timestamp, metavar="TIME", help=f"only jobs {what} TIME")
    f.add_argument("--sort-by", choices=SORT_BY, help="sort key (default CreationTime)")
    f.add_argument("--sort-order", choices=SORT_ORDER, help="sort order (default Ascending)")
    f.add_argument(
        "--warm-pool-status-equals", choices=WARM_POOL_STATUSES, help="only jobs with this warm pool status"
    )
    f.add_argument("--training-plan-arn-equals", metavar="ARN", help="only jobs of this training plan")
    f.add_argument("--where", metavar="EXPR", help="a Search query: 'Tags.team = vision and ...' (README)")
    p = parser.add_argument_group("pagination (as in the AWS CLI)")
    p.add_argument("--max-items", type=positive, metavar="N", help="print at most N jobs, then a NextToken")
    p.add_argument("--page-size", type=positive, metavar="N", help="jobs per API call (MaxResults)")
    p.add_argument("--starting-token", metavar="TOKEN", help="the NextToken of an earlier run")
    add_output_options(parser)
    add_global_options(parser)
    return parser


def run(argv: list[str]) -> int:
    return guarded(_run, argv)


def _run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    timestamps = resolve_timestamps(ns.profile)  # a bad value fails every command, as in the AWS CLI
    if print_input_skeleton(OPERATION, ns.generate_cli_skeleton):
        return 0
    query = compile_query(ns.query)
    from_input = load_cli_input(ns.cli_input_json, ns.cli_input_yaml)
    params = _coerce_times(merge_parameters(from_input, _command_line_params(ns)))
    validate(OPERATION, params)
    paginate_on = not ns.no_paginate and not any(k in from_input for k in PAGING_PARAMS)
    _check_paging_args(ns, paginate_on)
    options = OutputOptions(
        output=resolve_output(ns.output, ns.profile), query=query, color=ns.color, title=OPERATION
    )
    if ns.generate_cli_skeleton == "output":
        with stdout_guard() as out:
            write_response(output_skeleton(OPERATION), options, out)
        return 0
    filters = filters_from(params)
    if ns.where is not None:
        return _run_where(ns, filters, options, timestamps)
    if paginate_on and _answered_from_cache(ns, filters, options, timestamps):
        return 0
    with open_repository(ns, spacing=False) as repository:
        if paginate_on:
            paged = _fetch_paged(repository, filters, ns, timestamps)
            _warn_cache(repository)
            with stdout_guard() as out:
                write_paged(paged, RESULT_KEY, options, out)
            return 0
        pages = repository.list_pages(
            filters, page_size=params.get("MaxResults"), starting_token=params.get("NextToken")
        )
        items, next_token = next(iter(pages))
        if ns.offline:  # the cache keeps newest-first; the service answers in its own order
            items = service_order(items, filters)
        _warn_cache(repository)
    response: dict[str, Any] = {RESULT_KEY: to_cli_data(items, _item_shape(), timestamps)}
    if next_token:
        response["NextToken"] = next_token
    with stdout_guard() as out:
        write_response(response, options, out)
    return 0


def _run_where(
    ns: argparse.Namespace, filters: ListFilters, options: OutputOptions, timestamps: str
) -> int:
    """``--where``: Search with the query (one call per 100 results), printed as ListTrainingJobs."""
    from tui.clock import SystemClock
    from tui.commands.where_query import parse_option, where_summaries

    where = parse_option(ns.where, SystemClock().now(), prog=f"{APP_NAME} list")
    given = [o for o, v in (("--starting-token", ns.starting_token), ("--page-size", ns.page_size),
                            ("--max-items", ns.max_items)) if v is not None]
    if given:
        raise UsageError(f"{APP_NAME} list: error: --where cannot be combined with {', '.join(given)}")
    with open_repository(ns, spacing=False) as repository:
        summaries, _calls = where_summaries(repository, where, filters)
        _warn_cache(repository)
    response = {RESULT_KEY: to_cli_data(summaries, _item_shape(), timestamps)}
    with stdout_guard() as out:
        write_response(response, options, out)
    return 0


def _answered_from_cache(
    ns: argparse.Namespace, filters: ListFilters, options: OutputOptions, timestamps: str
) -> bool:
    """Print a fresh cached listing (without boto3) when it prints what the service's pages would.

    json, yaml and table merge the pages before printing, so a listing is a listing; text prints
    each page on its own (its columns are the page's keys, the query runs per page), so without a
    query it is served only when every job has the same fields, where page breaks change nothing;
    yaml-stream (a document per page), ``--starting-token`` (a service token) and a ``--max-items``
    that would cut the listing (a NextToken to make) always ask the service."""
    if ns.starting_token is not None or options.output == "yaml-stream":
        return False
    if options.output == "text" and options.query is not None:
        return False
    from tui.commands.cache_hit import cached_listing

    items = cached_listing(ns, filters)
    if items is None or (ns.max_items is not None and ns.max_items < len(items)):
        return False
    if options.output == "text" and len({_scalar_keys(item) for item in items}) > 1:
        return False
    paged = Paged([PageResult(to_cli_data(items, _item_shape(), timestamps), None)], None)
    with stdout_guard() as out:
        write_paged(paged, RESULT_KEY, options, out)
    return True


def _scalar_keys(item: dict[str, Any]) -> frozenset[str]:
    return frozenset(k for k, v in item.items() if not isinstance(v, (dict, list)))


def _item_shape() -> str:
    return member_shape_name(output_shape_name(OPERATION), RESULT_KEY)


def _fetch_paged(repository: Any, filters: ListFilters, ns: argparse.Namespace, timestamps: str) -> Paged:
    """All pages up to --max-items, as the AWS CLI's paginator fetches them, ready to print."""
    def pages(token: str | None) -> Iterator[tuple[list[dict[str, Any]], str | None]]:
        for items, next_token in repository.list_pages(filters, page_size=ns.page_size, starting_token=token):
            yield (service_order(items, filters) if ns.offline else items), next_token

    try:
        paged = paginate(
            pages,
            max_items=ns.max_items,
            starting_token=ns.starting_token,
        )
    except TokenError as exc:
        raise UsageError(f"Error during pagination: {exc}", USAGE_EXIT) from None
    shape = _item_shape()
    return Paged(
        [PageResult(to_cli_data(p.items, shape, timestamps), p.next_token) for p in paged.pages],
        paged.resume_token,
    )


def _command_line_params(ns: argparse.Namespace) -> dict[str, Any]:
    return {param: getattr(ns, field) for param, field in FILTER_PARAMS.items()}


def _check_paging_args(ns: argparse.Namespace, paginate_on: bool) -> None:
    if paginate_on:
        return
    given = [
        option
        for option, value in (
            ("--starting-token", ns.starting_token),
            ("--page-size", ns.page_size),
            ("--max-items", ns.max_items),
        )
        if value is not None
    ]
    if given:
        raise UsageError(
            "Error during pagination: Cannot specify --no-paginate along with pagination arguments: "
            + ", ".join(given),
            USAGE_EXIT,
        )


def _coerce_times(params: dict[str, Any]) -> dict[str, Any]:
    """Timestamps from an input file as botocore would serialise them (a zone-less one is UTC)."""
    out = dict(params)
    if all(isinstance(out.get(p), (dt.datetime, type(None))) for p in TIME_PARAMS) and all(
        out.get(p) is None or out[p].tzinfo is not None for p in TIME_PARAMS
    ):
        return out  # nothing to coerce (and botocore need not be imported)
    from botocore.utils import parse_to_aware_datetime

    for param in TIME_PARAMS:
        value = out.get(param)
        if value is None or (isinstance(value, dt.datetime) and value.tzinfo is not None):
            continue
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)  # YAML reads 2026-01-31 as a date
        try:
            out[param] = parse_to_aware_datetime(value)
        except (ValueError, TypeError, OverflowError):
            raise InputError(f"Invalid timestamp for parameter {param}: {value!r}") from None
    return out


def filters_from(params: dict[str, Any]) -> ListFilters:
    """ListFilters from (validated) ListTrainingJobs parameters."""
    return ListFilters(
        **{field: params[param] for param, field in FILTER_PARAMS.items() if params.get(param) is not None}
    )


def _warn_cache(repository: Any) -> None:
    for message in getattr(repository, "cache_warnings", []):
        warn(message)
