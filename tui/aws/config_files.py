"""A light reader of the AWS config and credentials files: botocore's answer without botocore.

A cached answer (``describe`` of a settled job, ``list --offline``) needs the profile, region and
SageMaker endpoint only to find its cache scope, and the profile's ``output``. Importing boto3 to
learn them costs ~190 ms, a hundred times the cache read. This module reads the same files the
same way botocore 1.3x-1.4x does (:mod:`botocore.configloader`, ``Session.full_config``,
``get_scoped_config``, ``ConfiguredEndpointProvider``), with the standard library only:

* files: ``AWS_CONFIG_FILE`` (default ``~/.aws/config``) and ``AWS_SHARED_CREDENTIALS_FILE``
  (default ``~/.aws/credentials``), ``$VARS`` and ``~`` expanded; parsed by the same
  ``configparser.RawConfigParser``, nested (indented) values parsed as botocore does; the
  credentials file's sections merged over the config file's profiles;
* profile: the explicit one, else ``AWS_DEFAULT_PROFILE``, else ``AWS_PROFILE``;
* region: the explicit one, else ``AWS_DEFAULT_REGION``, else the profile's ``region``
  (botocore ignores ``AWS_REGION``);
* endpoint: the explicit one, else (unless ``ignore_configured_endpoint_urls`` is true in the
  environment or the profile) ``AWS_ENDPOINT_URL_SAGEMAKER``, ``AWS_ENDPOINT_URL``, the profile's
  ``services`` section's ``sagemaker`` ``endpoint_url``, the profile's ``endpoint_url``.

Whatever it cannot be sure of (an unreadable file, a profile that does not exist, an empty
variable, a value of an unexpected form) raises :class:`Undecided`: the caller then asks botocore,
which gives its own answer or its own error. ``tests/aws/test_config_files.py`` checks that this
module and botocore agree on a matrix of files and environments.
"""

from __future__ import annotations

import configparser
import os
import shlex
from dataclasses import dataclass
from typing import Any

#: botocore's snake-case service id of SageMaker (env var suffix and ``services`` key).
SERVICE_ID = "sagemaker"


class Undecided(Exception):
    """The light reader cannot be sure what botocore would decide: ask botocore."""


@dataclass(frozen=True)
class Resolved:
    """What botocore would use for a SageMaker client made with these options."""

    #: The profile botocore reads (None: the default section, which may be absent).
    profile: str | None
    region: str | None
    #: The endpoint URL the client would point at (None: AWS's own endpoint for the region).
    endpoint_url: str | None
    #: The profile's settings (config file, credentials file merged over it).
    scoped: dict[str, Any]


def _env(name: str) -> str | None:
    """An environment variable as botocore reads it; an empty one is set, which botocore then
    treats in ways too varied to copy (Undecided)."""
    value = os.environ.get(name)
    if value == "":
        raise Undecided(f"{name} is set but empty")
    return value


def raw_config_parse(path: str) -> dict[str, dict[str, Any]] | None:
    """botocore's ``raw_config_parse``: each section's options, nested values parsed; None when
    the file does not exist (botocore's ConfigNotFound)."""
    path = os.path.expanduser(os.path.expandvars(path))
    if not os.path.isfile(path):
        return None
    parser = configparser.RawConfigParser()
    try:
        parser.read([path])
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise Undecided(f"{path} does not parse: {exc}") from None
    config: dict[str, dict[str, Any]] = {}
    for section in parser.sections():
        config[section] = {}
        for option in parser.options(section):
            value: Any = parser.get(section, option)
            if value.startswith("\n"):
                value = _parse_nested(value)
            config[section][option] = value
    return config


def _parse_nested(value: str) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise Undecided(f"a nested value without '=': {line!r}")
        key, item = line.split("=", 1)
        parsed[key.strip()] = item.strip()
    return parsed


def _section_name(key: str) -> str | None:
    try:
        parts = shlex.split(key)
    except ValueError:
        return None
    return parts[1] if len(parts) == 2 else None


def build_profile_map(parsed: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """botocore's ``build_profile_map``: ``profiles``, ``sso_sessions``, ``services`` and the rest."""
    profiles: dict[str, Any] = {}
    sso_sessions: dict[str, Any] = {}
    services: dict[str, Any] = {}
    final: dict[str, Any] = {}
    for key, values in parsed.items():
        values = {k: dict(v) if isinstance(v, dict) else v for k, v in values.items()}
        if key.startswith("profile"):
            target: dict[str, Any] = profiles
        elif key.startswith("sso-session"):
            target = sso_sessions
        elif key.startswith("services"):
            target = services
        elif key == "default":
            profiles[key] = values
            continue
        else:
            final[key] = values
            continue
        name = _section_name(key)
        if name is not None:
            target[name] = values
    final["profiles"] = profiles
    final["sso_sessions"] = sso_sessions
    final["services"] = services
    return final


def full_config() -> dict[str, Any]:
    """``Session.full_config``: the config file's map, the credentials file's sections merged in."""
    config_file = os.environ.get("AWS_CONFIG_FILE", "~/.aws/config")
    parsed = raw_config_parse(config_file)
    config: dict[str, Any] = {"profiles": {}} if parsed is None else build_profile_map(parsed)
    credentials_file = os.environ.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")
    for name, values in (raw_config_parse(credentials_file) or {}).items():
        if name not in config["profiles"]:
            config["profiles"][name] = values
        else:
            config["profiles"][name].update(values)
    return config


def session_profile(explicit: str | None) -> str | None:
    """The profile botocore's session uses: explicit, ``AWS_DEFAULT_PROFILE``, ``AWS_PROFILE``."""
    if explicit is not None:
        return explicit
    return _env("AWS_DEFAULT_PROFILE") or _env("AWS_PROFILE")


def scoped_config(config: dict[str, Any], profile: str | None) -> dict[str, Any]:
    """``get_scoped_config``; a profile that does not exist is botocore's error to report."""
    profiles: dict[str, Any] = config["profiles"]
    if profile is None:
        return dict(profiles.get("default", {}))
    if profile not in profiles:
        raise Undecided(f"profile {profile!r} not found")
    return dict(profiles[profile])


def _text(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise Undecided(f"{what} is not a plain value")


def _ignore_configured_endpoints(scoped: dict[str, Any]) -> bool:
    value = os.environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
    if value is None:
        value = _text(scoped.get("ignore_configured_endpoint_urls"), "ignore_configured_endpoint_urls")
    return value is not None and value.lower() == "true"


def configured_endpoint_url(config: dict[str, Any], scoped: dict[str, Any]) -> str | None:
    """``ConfiguredEndpointProvider.provide`` for SageMaker (None: AWS's own endpoint)."""
    if _ignore_configured_endpoints(scoped):
        return None
    service_env = os.environ.get(f"AWS_ENDPOINT_URL_{SERVICE_ID.upper()}")
    if service_env:
        return service_env
    global_env = os.environ.get("AWS_ENDPOINT_URL")
    if global_env:
        return global_env
    if "services" in scoped:
        section = config.get("services", {}).get(scoped["services"])
        if not section or not isinstance(section, dict):
            raise Undecided("the profile's services section does not exist")
        service = section.get(SERVICE_ID, {})
        if not isinstance(service, dict):
            raise Undecided("the services section's sagemaker entry is not nested")
        url = _text(service.get("endpoint_url"), "endpoint_url")
        if url:
            return url
    return _text(scoped.get("endpoint_url"), "endpoint_url") or None


def resolve(profile: str | None, region: str | None, endpoint_url: str | None) -> Resolved:
    """What ``boto3.Session(profile_name=profile, region_name=region)`` and its SageMaker client
    (``endpoint_url``) would use. Raises :class:`Undecided` where only botocore can say."""
    config = full_config()
    chosen = session_profile(profile)
    # The app's build_session also insists that the profile it is asked for exists (as the AWS
    # CLI does): that error is botocore's to report.
    requested = profile or os.environ.get("AWS_PROFILE") or os.environ.get("AWS_DEFAULT_PROFILE")
    if requested and requested not in config["profiles"]:
        raise Undecided(f"profile {requested!r} not found")
    scoped = scoped_config(config, chosen)
    if region is None:
        region = _env("AWS_DEFAULT_REGION")
    if region is None:
        region = _text(scoped.get("region"), "region")
    if region == "":
        raise Undecided("the profile's region is empty")
    url = endpoint_url if endpoint_url is not None else configured_endpoint_url(config, scoped)
    return Resolved(chosen, region, url, scoped)


def profile_setting(profile: str | None, key: str) -> str | None:
    """A setting of the profile botocore would read (``output``, ``cli_timestamp_format`` …)."""
    return _text(scoped_config(full_config(), session_profile(profile)).get(key), key)
