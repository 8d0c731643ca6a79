"""The contexts a user can switch to: the profiles in their AWS files, the regions SageMaker has,
and who a context's credentials belong to.

* Profiles: the sections of ``AWS_CONFIG_FILE`` (``[default]``, ``[profile NAME]``) and of
  ``AWS_SHARED_CREDENTIALS_FILE`` (``[NAME]``), read by :mod:`tui.aws.config_files` as botocore
  reads them (its ``Session.available_profiles``), without importing botocore; botocore answers
  where that reader is unsure (a file that does not parse).
* Regions: the regions botocore's endpoint data gives SageMaker, in every partition
  (:func:`tui.aws.model_tables.sagemaker_regions`, generated from the installed botocore), or,
  with ``AWS_DATA_PATH`` (the user's own endpoint data), botocore's own answer. Computed once.
* Identity: STS GetCallerIdentity, the one call that says whether a context's credentials work
  (an expired SSO session, no credentials at all) and whose account they are, whatever the
  account holds. Blocking: call it from a worker.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from tui.aws.client import (
    ConnectionOptions,
    SageMakerClient,
    build_client,
    build_session,
    client_settings,
)
from tui.aws.counter import CallCounter
from tui.aws.errors import AwsError, ConfigError, map_error

#: The label of the profile botocore reads when none is named.
DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class Choices:
    """What the context picker offers, and what is in use now."""

    profiles: tuple[str, ...]
    regions: tuple[str, ...]
    current_profile: str
    current_region: str


def list_profiles() -> list[str]:
    """The profiles botocore would offer (``Session.available_profiles``), ``default`` first, the
    rest sorted (the files' order means nothing to a reader looking for one)."""
    from tui.aws.config_files import Undecided, full_config

    try:
        names = set(full_config()["profiles"])
    except Undecided:
        import boto3

        names = set(boto3.Session().available_profiles)
    return sorted(names, key=lambda name: (name != DEFAULT_PROFILE, name))


@functools.lru_cache(maxsize=1)
def _regions(data_path: str | None) -> tuple[str, ...]:
    if data_path:
        import boto3

        from tui.aws.client import known_regions

        return tuple(sorted(known_regions(boto3.Session())))
    from tui.aws.model_tables import sagemaker_regions

    return tuple(sorted(sagemaker_regions()))


def sagemaker_regions() -> tuple[str, ...]:
    """Every region where SageMaker has an endpoint (all partitions), sorted; cached."""
    return _regions(os.environ.get("AWS_DATA_PATH") or None)


def discover(current_profile: str, current_region: str) -> Choices:
    """The picker's choices: read the files again (the user may have just run ``aws configure``),
    the regions from the cache of :func:`sagemaker_regions`."""
    return Choices(tuple(list_profiles()), sagemaker_regions(), current_profile, current_region)


def options_for(base: ConnectionOptions, profile: str | None, region: str | None) -> ConnectionOptions:
    """``base`` (timeouts, retries, SSL, endpoints) for another profile and/or region.

    ``profile`` None keeps the profile (and explicit keys, as the demo fleet's) of ``base``; a
    named profile replaces explicit keys: choosing a profile means using its credentials.
    ``region`` None keeps the region.
    """
    options = base
    if profile is not None:
        options = replace(options, profile=None if profile == DEFAULT_PROFILE else profile,
                          static_credentials=None, no_sign_request=False)
    if region is not None:
        options = replace(options, region=region)
    return options


def profile_label(options: ConnectionOptions) -> str:
    """How the header names the profile of ``options``."""
    if options.static_credentials:
        return "static"
    return options.profile or os.environ.get("AWS_PROFILE") or DEFAULT_PROFILE


def caller_account(
    options: ConnectionOptions, *, endpoint_url: str | None = None, counter: CallCounter | None = None
) -> str:
    """The account of the credentials ``options`` resolve to (STS GetCallerIdentity: one call, at
    ``endpoint_url``, None: botocore's own STS endpoint).

    Raises an :class:`~tui.aws.errors.AwsError` whose message is one line: no credentials, an
    expired SSO session, an unknown profile, an endpoint that cannot be reached.
    """
    import botocore.exceptions as bexc

    try:
        session = build_session(options)
        config, verify = client_settings(options)
        region = options.region or session.region_name or "us-east-1"
        client = session.client(
            "sts", region_name=region, endpoint_url=endpoint_url, verify=verify, config=config
        )
        if counter is not None:
            counter.attach(client)
        account = client.get_caller_identity().get("Account")
    except (bexc.BotoCoreError, bexc.ClientError, ValueError) as exc:
        raise map_error(exc, operation="GetCallerIdentity") from None
    if not isinstance(account, str) or not account:
        raise ConfigError("STS GetCallerIdentity did not say which account these credentials are.")
    return account


@dataclass(frozen=True)
class Opened:
    """A context that works: its options, its SageMaker client, the account it reaches."""

    options: ConnectionOptions
    client: SageMakerClient
    account: str
    profile_label: str
    location_label: str


def location_label(region: str, endpoint_url: str | None, custom: bool) -> str:
    """The header's location: the region, and the endpoint when it is not AWS's own."""
    return f"{region} @ {endpoint_url}" if custom and endpoint_url else region


def open_context(
    base: ConnectionOptions,
    profile: str | None,
    region: str | None,
    sts_endpoint: Callable[[ConnectionOptions], str | None],
) -> Opened:
    """Check that ``profile`` in ``region`` works and say whose it is, before anything switches.

    Raises :class:`~tui.aws.errors.AwsError` (one line) for a profile that does not exist, a region
    SageMaker does not have, missing credentials, an expired SSO session or an endpoint that does
    not answer: the caller keeps the context it has.
    """
    options = options_for(base, profile, region)
    try:
        client = build_client(options, lazy=True)
    except AwsError:
        raise
    except Exception as exc:  # botocore's own (an unreadable file …): one line, never a traceback
        raise map_error(exc) from None
    account = caller_account(options, endpoint_url=sts_endpoint(options), counter=client.counter)
    return Opened(
        options=options,
        client=client,
        account=account,
        profile_label=profile_label(options),
        location_label=location_label(client.region, client.known_endpoint_url, client.custom_endpoint),
    )
