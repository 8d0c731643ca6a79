"""Profile and region discovery (what the context picker offers), checked against botocore on the
same files and environment; the options a switch builds; STS failures as one line."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest

from tui.aws.client import ConnectionOptions, known_regions
from tui.aws.contexts import (
    DEFAULT_PROFILE,
    caller_account,
    discover,
    list_profiles,
    open_context,
    options_for,
    sagemaker_regions,
)
from tui.aws.errors import ConfigError, CredentialsError

CONFIG = """\
[default]
region = us-east-1

[profile dev]
region = eu-west-1
output = json

[profile ml-prod]
region = us-west-2
s3 =
  max_concurrent_requests = 4

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
sagemaker =
  endpoint_url = http://localhost:5000

[plugins]
x = y
"""

CREDENTIALS = """\
[default]
aws_access_key_id = AKIDEFAULT
aws_secret_access_key = secret

[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = secret

[keys-only]
aws_access_key_id = AKIDKEYS
aws_secret_access_key = secret
"""


def write(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


@pytest.fixture
def aws_files() -> None:
    write(os.environ["AWS_CONFIG_FILE"], CONFIG)
    write(os.environ["AWS_SHARED_CREDENTIALS_FILE"], CREDENTIALS)


def test_profiles_are_botocores_from_both_files(aws_files: None) -> None:
    """Config-file profiles, credentials-file sections, no sso-session/services/plugins sections."""
    found = list_profiles()
    assert set(found) == set(boto3.Session().available_profiles)
    assert found == ["default", "dev", "keys-only", "ml-prod"]


def test_profiles_follow_the_environments_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "elsewhere-config"
    write(str(config), "[profile only-here]\nregion = ap-south-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing"))
    assert list_profiles() == ["only-here"] == boto3.Session().available_profiles


def test_no_files_no_profiles() -> None:
    assert list_profiles() == [] == boto3.Session().available_profiles


def test_a_file_the_light_reader_cannot_parse_is_botocores_to_read(aws_files: None) -> None:
    # An option line before any section: configparser (and so botocore) refuses the file.
    write(os.environ["AWS_SHARED_CREDENTIALS_FILE"], "aws_access_key_id = x\n")
    with pytest.raises(Exception):  # noqa: B017 - botocore's own error, whatever its type
        boto3.Session().available_profiles  # noqa: B018
    with pytest.raises(Exception):  # noqa: B017
        list_profiles()


def test_regions_are_botocores_sagemaker_regions_in_every_partition() -> None:
    regions = sagemaker_regions()
    assert list(regions) == sorted(regions)
    assert set(regions) == known_regions(boto3.Session())
    assert {"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"} <= set(regions)


def test_discover_gives_both_and_the_current_context(aws_files: None) -> None:
    choices = discover("dev", "eu-west-1")
    assert choices.profiles == ("default", "dev", "keys-only", "ml-prod")
    assert choices.regions == sagemaker_regions()
    assert (choices.current_profile, choices.current_region) == ("dev", "eu-west-1")


def test_options_for_a_switch_keep_the_connection_settings() -> None:
    base = ConnectionOptions(profile=None, region="us-east-1", endpoint_url="http://127.0.0.1:1",
                             read_timeout=4.0, static_credentials=("a", "b"))
    region_only = options_for(base, None, "us-west-2")
    assert region_only.region == "us-west-2" and region_only.static_credentials == ("a", "b")
    named = options_for(base, "dev", None)
    assert named.profile == "dev" and named.static_credentials is None and named.region == "us-east-1"
    assert named.read_timeout == 4.0 and named.endpoint_url == "http://127.0.0.1:1"
    assert options_for(base, DEFAULT_PROFILE, None).profile is None


def test_a_profile_without_credentials_fails_in_one_line(aws_files: None) -> None:
    write(os.environ["AWS_CONFIG_FILE"], "[profile bare]\nregion = us-east-1\n")
    write(os.environ["AWS_SHARED_CREDENTIALS_FILE"], "")
    with pytest.raises(CredentialsError) as caught:
        caller_account(ConnectionOptions(profile="bare"))
    assert "No AWS credentials found" in str(caught.value) and "\n" not in str(caught.value)


def test_an_expired_sso_session_fails_in_one_line() -> None:
    write(
        os.environ["AWS_CONFIG_FILE"],
        "[profile sso]\nregion = us-east-1\nsso_session = corp\nsso_account_id = 111122223333\n"
        "sso_role_name = ML\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = us-east-1\n",
    )
    with pytest.raises(CredentialsError) as caught:
        open_context(ConnectionOptions(), "sso", None, lambda _: None)
    assert "SSO session has expired" in str(caught.value)


def test_an_unknown_profile_or_region_is_refused_before_any_call(aws_files: None) -> None:
    with pytest.raises(ConfigError, match="could not be found"):
        open_context(ConnectionOptions(), "nope", None, lambda _: None)
    with pytest.raises(ConfigError, match="Unknown region 'mars-north-1'"):
        open_context(ConnectionOptions(), "dev", "mars-north-1", lambda _: None)


@pytest.mark.moto_server
def test_open_context_on_moto_says_whose_it_is(moto_url: str) -> None:
    write(os.environ["AWS_CONFIG_FILE"], "[profile west]\nregion = us-west-2\n")
    write(os.environ["AWS_SHARED_CREDENTIALS_FILE"],
          "[west]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    base = ConnectionOptions(region="us-east-1", endpoint_url=moto_url, max_attempts=1,
                             static_credentials=("testing", "testing"))
    opened = open_context(base, "west", "us-west-2", lambda options: options.endpoint_url)
    assert opened.account == "123456789012"
    assert opened.client.region == "us-west-2" and opened.profile_label == "west"
    assert opened.location_label == f"us-west-2 @ {moto_url}"
    assert opened.client.counter.count("GetCallerIdentity") == 1

