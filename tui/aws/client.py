"""The one place that turns connection options into a boto3 session and SageMaker client."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from tui.aws.counter import CallCounter
from tui.aws.errors import ConfigError, map_error
from tui.aws.lazy_client import LazyClient
from tui.aws.ratelimit import MinInterval

if TYPE_CHECKING:
    import boto3

# boto3 and botocore are imported where a session or a client is made, never at module level:
# importing them costs ~190 ms that a cached answer (`describe`, `list --offline`) does not need.

DEFAULT_TIMEOUT = 60.0
#: botocore's ``validate_region_name``.
VALID_REGION = re.compile(r"^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$")
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ConnectionOptions:
    """The AWS CLI's global options, with the same names and meaning."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    verify_ssl: bool = True
    ca_bundle: str | None = None
    #: Seconds; 0 means blocking (no timeout), as in the AWS CLI.
    read_timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_TIMEOUT
    no_sign_request: bool = False
    #: botocore's adaptive retry mode: total attempts including the first.
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    #: Seconds between two ListTrainingJobs calls at the least (the service allows ~2/s per account).
    list_min_interval: float = 1.0
    #: Explicit (access key, secret key): only the demo fleet uses this.
    static_credentials: tuple[str, str] | None = None
    #: CloudWatch's endpoint (``--cloudwatch-endpoint-url``); None = botocore's own configuration
    #: (AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL, a profile's ``services`` section).
    cloudwatch_endpoint_url: str | None = None
    #: CloudWatch Logs' endpoint (``--logs-endpoint-url``); None = botocore's own configuration.
    logs_endpoint_url: str | None = None
    #: The cache's name for the endpoint, instead of its URL (:func:`tui.cache.scope.endpoint_key`):
    #: the demo fleet listens on a new port each run and keeps one cache scope all the same.
    cache_endpoint: str | None = None

    def validate(self) -> None:
        """Raise :class:`ConfigError` with one sentence for options that can never work."""
        if self.endpoint_url is not None:
            check_endpoint_url(self.endpoint_url)
        if self.cloudwatch_endpoint_url is not None:
            check_endpoint_url(self.cloudwatch_endpoint_url)
        if self.logs_endpoint_url is not None:
            check_endpoint_url(self.logs_endpoint_url)
        if self.ca_bundle is not None and not os.path.isfile(self.ca_bundle):
            raise ConfigError(f"The CA bundle file {self.ca_bundle!r} does not exist.")
        for name, value in (
            ("--cli-read-timeout", self.read_timeout),
            ("--cli-connect-timeout", self.connect_timeout),
        ):
            if value < 0:
                raise ConfigError(f"{name} must be 0 (blocking) or a positive number of seconds.")
        if self.max_attempts < 1:
            raise ConfigError("The retry max attempts must be at least 1.")


def check_endpoint_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"Invalid endpoint URL {url!r}: it must look like https://host[:port]."
        )
    try:
        parsed.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"Invalid endpoint URL {url!r}: {exc}.") from None


def configured_endpoint(options: ConnectionOptions | None) -> str | None:
    """The endpoint URL botocore would use from the options and the environment, in botocore's
    order (None = AWS's default)."""
    if options is not None and options.endpoint_url:
        return options.endpoint_url
    return os.environ.get("AWS_ENDPOINT_URL_SAGEMAKER") or os.environ.get("AWS_ENDPOINT_URL") or None


_cancel_probe: Callable[[], bool] | None = None


def set_cancel_probe(probe: Callable[[], bool] | None) -> None:
    """``probe()`` says whether the calling thread's work was given up (the TUI passes one that
    asks Textual's current worker); checked before each attempt of every call."""
    global _cancel_probe
    _cancel_probe = probe


def _stop_if_cancelled(**_: Any) -> None:
    probe = _cancel_probe
    if probe is not None and probe():
        from tui.aws.errors import CallCancelled

        raise CallCancelled("The call was given up.")


def _timeout(value: float) -> float | None:
    return None if value == 0 else value


@dataclass
class SageMakerClient(LazyClient):
    """A boto3 SageMaker client plus what the app needs to know about it.

    The boto3 client itself (:attr:`raw`) is made by ``factory`` on first use: creating it loads
    SageMaker's service model, about 85 ms that the TUI spends after its first paint, in the
    worker that makes the first call, instead of before it.
    """

    options: ConnectionOptions
    factory: Callable[[], Any] = field(repr=False)
    counter: CallCounter
    #: The session's region (the client is made for it), known without making the client.
    region: str
    list_limiter: MinInterval = field(default_factory=lambda: MinInterval(1.0))

    def _prepare(self, raw: Any) -> None:
        # Spaced per request, not per call: botocore's own retries of a throttled
        # ListTrainingJobs count against the service's limit as much as our calls do.
        raw.meta.events.register("before-send.sagemaker.ListTrainingJobs", self.space_list_request)
        raw.meta.events.register("before-send.sagemaker.Search", self.space_list_request)
        # Before every attempt (botocore's retries included): a call given up is not retried.
        raw.meta.events.register("before-send.sagemaker", _stop_if_cancelled)

    @property
    def endpoint_url(self) -> str:
        return str(self.raw.meta.endpoint_url)

    @property
    def known_endpoint_url(self) -> str | None:
        """Where the client points, without making it: botocore's URL once made, else the
        configured one (None = AWS's own; a profile that sets endpoints has its client made at
        once by :func:`build_client`)."""
        return self.endpoint_url if self.made else configured_endpoint(self.options)

    def space_list_request(self, **_: Any) -> None:
        """botocore ``before-send`` hook: each ListTrainingJobs request waits for :attr:`list_limiter`
        (looked up per request, so a test may swap the limiter). Returns None: it never answers."""
        self.list_limiter.wait()

    @property
    def custom_endpoint(self) -> bool:
        """True when pointed somewhere other than AWS's own endpoint (the demo, a proxy …)."""
        return configured_endpoint(self.options) is not None


def build_session(options: ConnectionOptions) -> boto3.Session:
    import boto3
    import botocore.exceptions as bexc

    try:
        if options.static_credentials:
            key, secret = options.static_credentials
            return boto3.Session(
                aws_access_key_id=key, aws_secret_access_key=secret, region_name=options.region
            )
        session = boto3.Session(profile_name=options.profile, region_name=options.region)
        # botocore only notices a missing profile when it first reads the config, at some later,
        # less helpful moment: check now, as the AWS CLI does.
        requested = (
            options.profile or os.environ.get("AWS_PROFILE") or os.environ.get("AWS_DEFAULT_PROFILE")
        )
        if requested and requested not in session.available_profiles:
            raise bexc.ProfileNotFound(profile=requested)
        return session
    except bexc.ProfileNotFound as exc:
        raise map_error(exc) from None


def build_client(
    options: ConnectionOptions, *, counter: CallCounter | None = None, lazy: bool = False
) -> SageMakerClient:
    """Build the SageMaker client: adaptive retries, the timeouts, SSL and endpoint settings.

    Every option is checked here (one-line errors before anything starts); with ``lazy`` the
    boto3 client itself is made on first use (see :class:`SageMakerClient`), unless the profile
    configures endpoints, which only the made client can resolve; and when every check can be
    made without botocore (:func:`deferred_region`), even boto3 is imported on first use (the
    TUI paints its cached list first). Credentials are resolved lazily by botocore (env, config
    files, SSO, instance roles), so a missing credential surfaces as :class:`CredentialsError`
    on the first call, not here.
    """
    options.validate()
    if lazy:
        region = deferred_region(options)
        if region is not None:
            return SageMakerClient(
                options=options,
                factory=lambda: client_factory(options, build_session(options))(),
                counter=counter or CallCounter(),
                region=region,
                list_limiter=MinInterval(options.list_min_interval),
            )
    session = build_session(options)
    check_region(session, options)
    client = SageMakerClient(
        options=options,
        factory=client_factory(options, session),
        counter=counter or CallCounter(),
        region=str(session.region_name),
        list_limiter=MinInterval(options.list_min_interval),
    )
    if not lazy or profile_configures_endpoints(session):
        client.raw  # noqa: B018 - made now: errors surface here, and the endpoint is known
    return client


def client_settings(options: ConnectionOptions) -> tuple[Any, bool | str | None]:
    """(botocore ``Config``, ``verify``) with the options' retries, timeouts, signing and SSL: the
    same for every service the app calls (SageMaker, CloudWatch Logs, CloudWatch)."""
    from botocore import UNSIGNED
    from botocore.config import Config

    config = Config(
        # botocore's "max_attempts" counts retries (one more request than asked); the AWS CLI's
        # max_attempts, like ours, counts every request: that is botocore's total_max_attempts.
        retries={"mode": "adaptive", "total_max_attempts": options.max_attempts},
        read_timeout=_timeout(options.read_timeout),
        connect_timeout=_timeout(options.connect_timeout),
        signature_version=UNSIGNED if options.no_sign_request else None,
        user_agent_extra="sagemaker-tui",
    )
    verify: bool | str | None = None
    if not options.verify_ssl:
        verify = False
    elif options.ca_bundle:
        verify = options.ca_bundle
    return config, verify


def client_factory(options: ConnectionOptions, session: boto3.Session) -> Callable[[], Any]:
    """What makes the boto3 client of ``session`` with the options' retries, timeouts and SSL."""
    import botocore.exceptions as bexc

    config, verify = client_settings(options)

    def make() -> Any:
        from tui.aws.wire_time import keep_wire_timestamps

        keep_wire_timestamps(session)  # `describe`/`list` with cli_timestamp_format = wire print it
        try:
            return session.client(
                "sagemaker", endpoint_url=options.endpoint_url, verify=verify, config=config
            )
        except bexc.InvalidRegionError:
            raise ConfigError(f"Invalid region name {session.region_name!r}.") from None
        except (bexc.BotoCoreError, ValueError) as exc:
            raise map_error(exc) from None

    return make


#: Profile settings that make the endpoint botocore's to resolve (the client is made at once).
ENDPOINT_SETTINGS = ("endpoint_url", "services", "ignore_configured_endpoint_urls")


def endpoints_configured(scoped: Mapping[str, Any]) -> bool:
    """Whether the profile's settings (``scoped``, as the light reader resolved them) set endpoints,
    or the environment turns the configured ones off: then only botocore can say where a client
    will point (and which cache scope its answers belong to)."""
    return os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") is not None or any(
        key in scoped for key in ENDPOINT_SETTINGS
    )


def deferred_region(options: ConnectionOptions) -> str | None:
    """The region, when everything :func:`build_client` checks before making a session can be
    checked without botocore (the profile exists, the region is valid and SageMaker has it, the
    profile sets no endpoints): then the session can wait for the first call. None: only
    botocore can tell, the ordinary path runs."""
    from tui.aws.config_files import Undecided, resolve

    if options.static_credentials or os.environ.get("AWS_DATA_PATH"):
        return None
    try:
        resolved = resolve(options.profile, options.region, options.endpoint_url)
    except Undecided:
        return None
    region = resolved.region
    if not region or not VALID_REGION.match(region):
        return None
    if endpoints_configured(resolved.scoped):
        return None
    if not (options.endpoint_url or os.environ.get("AWS_ENDPOINT_URL")):
        from tui.aws.model_tables import sagemaker_regions

        if region not in sagemaker_regions():
            return None
    return region


def profile_configures_endpoints(session: boto3.Session) -> bool:
    """Whether the profile sets endpoints (``endpoint_url``, a ``services`` section) or turns the
    configured ones off: then only botocore knows where the client will point."""
    import botocore.exceptions as bexc

    try:
        # boto3 keeps its botocore session private; the scoped config is botocore's public API.
        scoped = session._session.get_scoped_config()
    except bexc.BotoCoreError:
        return True
    return any(key in scoped for key in ENDPOINT_SETTINGS) or bool(
        os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
    )


def known_regions(session: boto3.Session) -> set[str]:
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("sagemaker", partition_name=partition))
    return regions


def check_region(session: boto3.Session, options: ConnectionOptions) -> None:
    """Reject a region SageMaker does not have, unless a custom endpoint makes it meaningless."""
    import botocore.exceptions as bexc
    from botocore.utils import validate_region_name

    region = session.region_name
    if region is None:
        raise ConfigError(
            "No AWS region set: pass --region, set AWS_REGION, or add region to your profile."
        )
    try:
        validate_region_name(region)  # what making the client would reject, checked up front
    except bexc.InvalidRegionError:
        raise ConfigError(f"Invalid region name {region!r}.") from None
    if options.endpoint_url or os.environ.get("AWS_ENDPOINT_URL"):
        return
    if os.environ.get("AWS_DATA_PATH"):
        regions: set[str] | frozenset[str] = known_regions(session)  # the user's own endpoint data
    else:
        from tui.aws.model_tables import sagemaker_regions

        # The installed botocore's list, without loading SageMaker's model (~90 ms) to read it.
        regions = sagemaker_regions()
    if region not in regions:
        raise ConfigError(f"Unknown region {region!r}: SageMaker has no endpoint there.")
