"""``sagemaker-tui describe``: a drop-in for ``aws sagemaker describe-training-job``, cached.

Same options, same output bytes for ``json`` and ``text`` (ISO 8601 timestamps, as the AWS CLI v2
prints them), same errors on stderr. The answer comes through the TUI's repository, so the cache
policy applies: a settled (completed, failed, stopped) job described twice costs one API call;
``--no-cache`` neither reads nor writes the cache; ``--offline`` answers from the cache only.
"""

from __future__ import annotations

import sys
from typing import Any

from tui.aws.jobs import check_job_name
from tui.aws.model_tables import output_shape_name
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
from tui.output.cli_input import load_cli_input, merge_parameters, validate
from tui.output.formatters import OutputOptions, write_response
from tui.output.normalize import to_cli_data
from tui.output.query import compile_query
from tui.output.skeletons import output_skeleton

OPERATION = "DescribeTrainingJob"


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} describe",
        description=(
            "Describe a training job, as `aws sagemaker describe-training-job` does, through the TUI's cache."
        ),
    )
    parser.add_argument("--training-job-name", metavar="NAME", help="the name of the training job (required)")
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
    params = merge_parameters(
        load_cli_input(ns.cli_input_json, ns.cli_input_yaml),
        {"TrainingJobName": ns.training_job_name},
    )
    if "TrainingJobName" not in params and ns.cli_auto_prompt:
        params["TrainingJobName"] = _prompt_name()
    if "TrainingJobName" not in params:
        raise UsageError(
            f"{APP_NAME} describe: error: the following arguments are required: --training-job-name"
        )
    validate(OPERATION, params)
    name = params["TrainingJobName"]
    problem = check_job_name(name)
    if problem:
        raise UsageError(f"{APP_NAME} describe: error: {problem}", USAGE_EXIT)
    options = OutputOptions(
        output=resolve_output(ns.output, ns.profile),
        query=query,
        color=ns.color,
        title=OPERATION,
    )
    if ns.generate_cli_skeleton == "output":
        with stdout_guard() as out:
            write_response(output_skeleton(OPERATION), options, out)
        return 0
    response = describe(ns, name)
    with stdout_guard() as out:
        write_response(to_cli_data(response, output_shape_name(OPERATION), timestamps), options, out)
    return 0


def describe(ns: Any, name: str) -> dict[str, Any]:
    """The response through the repository (cache policy, --offline, --no-cache)."""
    from tui.commands.cache_hit import cached_describe

    served = cached_describe(ns, name)  # what the repository would serve, without boto3
    if served is not None:
        return served
    with open_repository(ns) as repository:
        fetched = repository.describe(name)
        warnings = list(repository.cache_warnings)
    for message in warnings:
        warn(message)
    when = f"{fetched.fetched_at:%Y-%m-%d %H:%M:%S %Z}".strip()
    error = getattr(fetched, "error", None)
    if error is not None:
        warn(f"could not refresh {name} ({error}); showing the copy cached at {when}.")
    elif getattr(fetched, "stale", False):
        # Offline, and the cache policy would have fetched it again: say how old it is.
        warn(f"offline: {name} as cached at {when}; it may have changed since.")
    return dict(fetched.value)


def _prompt_name() -> str:
    """Ask on the terminal; the prompt goes to stderr so stdout stays the response alone."""
    if not sys.stdin.isatty():
        raise UsageError(
            f"{APP_NAME} describe: error: the following arguments are required: --training-job-name"
        )
    sys.stderr.write("TrainingJobName: ")
    sys.stderr.flush()
    name = sys.stdin.readline().strip()
    if not name:
        raise UsageError(f"{APP_NAME} describe: error: no training job name given")
    return name
