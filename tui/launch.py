"""From parsed TUI options to a running app: config, demo fleet, client, cache, repository."""

from __future__ import annotations

import argparse
import os
from contextlib import ExitStack
from dataclasses import replace

from tui.aws.client import ConnectionOptions, build_client, build_session
from tui.aws.errors import CredentialsError
from tui.aws.jobs import ListFilters, check_job_name
from tui.cache.scope import DEMO_ENDPOINT
from tui.cache.store import CacheStore
from tui.clock import SystemClock
from tui.commands.common import (
    ERROR_EXIT,
    UsageError,
    connection_options,
    setup_debug_logging,
)
from tui.config import AppConfig, load_config, merge_overrides
from tui.idle_gc import HeapTuner
from tui.models.columns import with_region
from tui.models.since import parse_since
from tui.regions import regions_label, split_regions
from tui.repository import JobRepository, RefreshIntervals
from tui.repository_listing import FIRST_SCREENFUL
from tui.settings import RunSettings
from tui.themes import ThemeCatalog, load_themes

#: Per-attempt socket read timeout of the TUI's calls, unless --cli-read-timeout says otherwise.
TUI_READ_TIMEOUT = 4.0


def with_tui_timeouts(options: ConnectionOptions, ns: argparse.Namespace) -> ConnectionOptions:
    """The TUI's calls are background refreshes: a hung endpoint must show as offline within
    30 s (5 attempts x 4 s + about 7.5 s of backoff), not after 5 x 60 s. The headless commands
    keep the AWS CLI's 60 s; ``--cli-read-timeout`` sets either."""
    if ns.cli_read_timeout is None:
        return replace(options, read_timeout=TUI_READ_TIMEOUT)
    return options


def build_filters(ns: argparse.Namespace, clock: SystemClock) -> ListFilters:
    since = None
    if ns.since:
        try:
            since = parse_since(ns.since, clock.now())
        except ValueError as exc:
            raise UsageError(f"sagemaker-tui: error: {exc}", 2) from None
    return ListFilters(
        name_contains=ns.name_contains,
        status_equals=ns.status,
        creation_time_after=since,
        warm_pool_status_equals=ns.warm_pool_status,
    )


def check_credentials(options: ConnectionOptions) -> None:
    """Fail fast, with what to do, when no credential source exists at all."""
    if options.no_sign_request or options.static_credentials:
        return
    if options.profile is None and all(map(os.environ.get, ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))):
        # botocore's first source, unless a profile is named explicitly: known without importing it.
        return
    if build_session(options).get_credentials() is None:
        raise CredentialsError(
            "No AWS credentials found: run `aws configure` or `aws sso login`, set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or try the app with --demo."
        )


def effective_config(ns: argparse.Namespace) -> AppConfig:
    """The config file (or defaults) with the command line's settings on top."""
    return merge_overrides(
        load_config(ns.config),
        theme=ns.theme,
        list_interval=ns.list_interval,
        running_job_interval=ns.running_job_interval,
        settling_job_interval=ns.settling_job_interval,
        max_attempts=ns.max_attempts,
    )


def check_theme(config: AppConfig, catalog: ThemeCatalog, *, from_command_line: bool) -> None:
    """An unknown theme name is bad input (one line naming the available ones); a known theme
    whose file is broken is not: the app falls back to the default and says why."""
    if catalog.is_known(config.theme):
        return
    reason = f"unknown theme {config.theme!r} (available: {', '.join(catalog.names())})"
    if from_command_line:
        raise UsageError(f"sagemaker-tui: error: --theme: {reason}", 2)
    raise UsageError(f"{config.where('theme')}: {reason}", ERROR_EXIT)


def install_runtime_tuning() -> None:
    """Patches the running TUI needs and tests need not: a ticking cell repaints that cell, not
    its whole line up to it (bytes over SSH; see :mod:`tui.partial_updates`); a screen hidden
    under an opaque one does not repaint through it (:mod:`tui.hidden_screens`)."""
    from tui import hidden_screens, partial_updates
    from tui.textual_version import textual_version

    partial_updates.install(textual_version())
    hidden_screens.install(textual_version())


def demo_connection(
    options: ConnectionOptions, url: str, region: str, credentials: tuple[str, str]
) -> ConnectionOptions:
    """Every service at the demo fleet's server, with its keys and one cache scope (``demo``),
    whatever port the server got this run (so a second ``--demo`` starts from the cache)."""
    return replace(
        options,
        endpoint_url=url,
        cloudwatch_endpoint_url=url,
        logs_endpoint_url=url,
        region=region,
        profile=None,
        static_credentials=credentials,
        cache_endpoint=DEMO_ENDPOINT,
    )


def launch_tui(ns: argparse.Namespace) -> int:
    config = effective_config(ns)
    themes = load_themes()
    check_theme(config, themes, from_command_line=ns.theme is not None)
    setup_debug_logging(ns.debug)
    if ns.color == "off":
        os.environ["NO_COLOR"] = "1"
    elif ns.color == "on":
        os.environ.pop("NO_COLOR", None)
    clock = SystemClock()
    filters = build_filters(ns, clock)
    check_tui_arguments(ns, clock)
    options = connection_options(
        ns, config_profile=config.profile, config_region=config.region, max_attempts=config.max_attempts
    )
    if getattr(ns, "cloudwatch_endpoint_url", None):
        options = replace(options, cloudwatch_endpoint_url=ns.cloudwatch_endpoint_url)
    options = with_tui_timeouts(options, ns)
    # `--region us-east-1,us-west-2`: one list of several regions (tui.multi_region).
    regions = split_regions(options.region)
    if len(regions) > 1:
        options = replace(options, region=regions[0])
        if not ns.demo:  # the demo fleet lives in one region
            config = replace(config, columns=with_region(config.columns))
    with ExitStack() as stack:
        profile_label = options.profile or os.environ.get("AWS_PROFILE") or "default"
        if ns.demo:
            from tui.demo import start_demo_fleet

            fleet = start_demo_fleet(seed=ns.demo_seed)
            stack.callback(fleet.stop)
            options = demo_connection(options, fleet.endpoint_url, fleet.region, fleet.credentials)
            profile_label = "demo"
        repository, location = build_repository(ns, options, config, clock, regions)
        if not getattr(ns, "where", None):
            # The newest cached screenful, read here before Textual starts: the list paints it
            # in its first frame (a query lists by Search instead).
            repository.read_first_screenful(filters, FIRST_SCREENFUL)
        settings = RunSettings(
            profile_label=profile_label,
            location_label=location,
            filters=filters,
            initial_job=ns.training_job_name,
            where=getattr(ns, "where", None) or "",
            offline=ns.offline,
            demo=ns.demo,
            allow_actions=bool(getattr(ns, "allow_actions", False)),
        )
        return run_app(repository, settings, config, clock, themes)


def check_tui_arguments(ns: argparse.Namespace, clock: SystemClock) -> None:
    """A mistake in ``--where`` or ``--training-job-name``: one line, before any screen."""
    if getattr(ns, "where", None):
        from tui.commands.where_query import parse_option

        parse_option(ns.where, clock.now(), code=2)  # a mistake: one line naming the column, no screen
        if ns.offline:
            raise UsageError("sagemaker-tui: error: --where needs SageMaker Search: drop --offline", 2)
    if ns.training_job_name is not None:
        problem = check_job_name(ns.training_job_name)
        if problem:
            raise UsageError(f"sagemaker-tui: error: {problem}", 2)


def build_repository(
    ns: argparse.Namespace,
    options: ConnectionOptions,
    config: AppConfig,
    clock: SystemClock,
    regions: list[str],
) -> tuple[JobRepository, str]:
    """The client (lazy: made by the first call), the cache and the repository over them, several
    regions' when asked; and the header's location label."""
    client = None
    if not ns.offline:
        client = build_client(options, lazy=True)
        check_credentials(options)
    location = client.region if client else (options.region or "?")
    if client and client.custom_endpoint:
        location = f"{location} @ {client.known_endpoint_url}"
    repository = JobRepository(
        client=client,
        cache=None if ns.no_cache else CacheStore.open_default(),
        options=options,
        clock=clock,
        intervals=RefreshIntervals(
            running_job=config.running_job_interval,
            settling_job=config.settling_job_interval,
        ),
    )
    if ns.demo:
        repository.renew_cache()  # a new fleet: the cached list paints, the rest is another's
    if len(regions) > 1 and not ns.demo:
        from tui.multi_region import several_regions

        repository = several_regions(repository, regions)
        location = regions_label(regions, location)
    return repository, location


def run_app(
    repository: JobRepository,
    settings: RunSettings,
    config: AppConfig,
    clock: SystemClock,
    themes: ThemeCatalog,
) -> int:
    """Run the app until it exits; its return code (0 when it set none)."""
    from tui.app import SageMakerTUI

    install_runtime_tuning()
    app = SageMakerTUI(
        repository,
        settings=settings,
        config=config,
        clock=clock,
        theme=config.theme,
        themes=themes,
        heap=HeapTuner(),
    )
    app.run()
    return app.return_code or 0
