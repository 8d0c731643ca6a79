"""Which cache entries belong together, so two accounts, regions or endpoints never mix.

Decision
--------
Every entry lives in a **scope** = (endpoint key, region, account):

* **account and region come from the job ARN** in the response being stored
  (``arn:aws:sagemaker:us-east-1:123456789012:training-job/name``). The response itself says whose
  it is, so nothing is guessed and no extra call (STS GetCallerIdentity) is needed.
* **endpoint key** is ``"aws"`` for AWS's own endpoints (public, FIPS, dual-stack and VPC interface
  endpoints all serve the same account data) and the normalised URL for anything else (the demo
  fleet, moto, a proxy): the demo's made-up account ``123456789012`` never lands in the real
  account's scope, and two local servers on different ports never share one. The demo fleet is the
  exception: a new port each run, yet one scope (:data:`DEMO_ENDPOINT`, set through
  ``ConnectionOptions.cache_endpoint``), so its second run starts from the cache as AWS's does.

Before the first call the account is unknown, yet the list must be drawn from the cache at once.
So a **context** = (profile label, endpoint key, region) — everything known without a call — is
mapped to the scope its responses last carried. At start the app looks up its context's scope; the
first response with an ARN confirms it or moves the mapping (credentials now pointing at another
account). Entries are always written to the scope of their own ARN, never to the context's guess.

The profile label is the named profile (``--profile``/``AWS_PROFILE``), ``env`` for keys in the
environment, ``static`` for explicit keys (the demo fleet), ``unsigned`` for ``--no-sign-request``,
else ``default``. Temporary keys rotate, so the access key id is deliberately not part of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from tui.aws.client import ConnectionOptions, SageMakerClient

AWS_ENDPOINT = "aws"
#: The demo fleet's endpoint key: one scope whatever port the fleet's server got this run.
DEMO_ENDPOINT = "demo"
#: Host suffixes of AWS's own endpoints, in every partition.
AWS_HOST_SUFFIXES = (
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".api.aws",
    ".api.amazonwebservices.com.cn",
    ".c2s.ic.gov",
    ".sc2s.sgov.gov",
    ".cloud.adc-e.uk",
    ".csp.hci.ic.gov",
)
#: The account part of an empty listing whose account could not be learnt (no ARN to read).
UNKNOWN_ACCOUNT = ""


@dataclass(frozen=True)
class Scope:
    """Where entries live: an account in a region, behind an endpoint."""

    endpoint: str
    region: str
    account: str

    def label(self) -> str:
        account = self.account or "(unknown account)"
        where = self.region if self.endpoint == AWS_ENDPOINT else f"{self.region} @ {self.endpoint}"
        return f"{account} {where}"


@dataclass(frozen=True)
class Context:
    """What is known before any call: which scope it maps to is remembered in the cache."""

    profile: str
    endpoint: str
    region: str


def endpoint_key(url: str | None) -> str:
    """``"aws"`` for AWS's own endpoints (or none set), else the URL normalised."""
    if not url:
        return AWS_ENDPOINT
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower().rstrip(".")
    if host.endswith(AWS_HOST_SUFFIXES):
        return AWS_ENDPOINT
    port = f":{parsed.port}" if parsed.port else ""
    path = parsed.path.rstrip("/")
    return f"{parsed.scheme.lower()}://{host}{port}{path}"


def parse_arn(arn: object) -> tuple[str, str] | None:
    """(region, account) of an ARN, or None when it is not one."""
    if not isinstance(arn, str):
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[3] or not parts[4]:
        return None
    return parts[3], parts[4]


def scope_of(item: dict[str, object], endpoint: str, fallback_region: str) -> Scope:
    """The scope a summary or describe response belongs to, read from its TrainingJobArn."""
    found = parse_arn(item.get("TrainingJobArn"))
    if found is None:
        return Scope(endpoint, fallback_region, UNKNOWN_ACCOUNT)
    region, account = found
    return Scope(endpoint, region, account)


def profile_label(options: ConnectionOptions | None) -> str:
    if options is not None:
        if options.static_credentials:
            return "static"
        if options.no_sign_request:
            return "unsigned"
        if options.profile:
            return options.profile
    if os.environ.get("AWS_PROFILE"):
        return os.environ["AWS_PROFILE"]
    if os.environ.get("AWS_ACCESS_KEY_ID"):
        return "env"
    return "default"


def context_for(
    client: SageMakerClient | None, options: ConnectionOptions | None = None
) -> Context | None:
    """The context of a client, or of connection options when offline (no network either way).

    None when the region cannot be known (offline, and no region configured anywhere).
    """
    if client is not None:
        # The URL botocore resolved: AWS's own hosts map to "aws", anything else keeps its URL.
        # A client not made yet (see build_client's ``lazy``) points where the options and the
        # environment say: a profile that configures endpoints has its client made at once.
        endpoint = client.options.cache_endpoint or endpoint_key(client.known_endpoint_url)
        return Context(profile_label(client.options), endpoint, client.region)
    region = options.region if options is not None else None
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region and options is not None:
        region = _profile_region(options)
    if not region:
        return None
    from tui.aws.client import configured_endpoint

    own = options.cache_endpoint if options is not None else None
    return Context(profile_label(options), own or endpoint_key(configured_endpoint(options)), region)


def _profile_region(options: ConnectionOptions) -> str | None:
    # Reads the AWS config file only: the light reader where it can decide (no boto3 import for a
    # cached answer), else botocore, which makes no call here either.
    from tui.aws.config_files import Undecided, resolve

    if not options.static_credentials:
        try:
            return resolve(options.profile, options.region, None).region
        except Undecided:
            pass
    from tui.aws.client import build_session
    from tui.aws.errors import AwsError

    try:
        return build_session(options).region_name
    except AwsError:
        return None
