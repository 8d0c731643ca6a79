"""The light AWS config reader and botocore agree: same profile, region, SageMaker endpoint and
profile settings on a matrix of config files, credentials files, environment variables and
explicit options; where the reader cannot decide it says so (and botocore decides)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import BotoCoreError

from tui.aws.config_files import Undecided, profile_setting, resolve
from tui.cache.scope import AWS_ENDPOINT, endpoint_key

CONFIGS: dict[str, str | None] = {
    "absent": None,
    "empty": "",
    "default": "[default]\nregion = eu-west-1\noutput = text\ncli_timestamp_format = iso8601\n",
    "profiles": (
        "[default]\nregion = eu-west-1\n"
        "[profile dev]\nregion = us-west-2\nendpoint_url = http://localhost:4566\noutput = yaml\n"
        "[profile other]\noutput = table\n"
    ),
    "services": (
        "[profile dev]\nregion = us-west-2\nservices = local\nendpoint_url = http://global:1\n"
        "[services local]\nsagemaker =\n  endpoint_url = http://127.0.0.1:9000\n"
        "s3 =\n  endpoint_url = http://s3:1\n"
        "[default]\nservices = local\n"
    ),
    "services-other-service": (
        "[default]\nservices = mine\nendpoint_url = http://global:2\n"
        "[services mine]\ns3 =\n  endpoint_url = http://s3:1\n"
    ),
    "ignore-endpoints": (
        "[default]\nendpoint_url = http://global:3\nignore_configured_endpoint_urls = true\n"
        "[profile dev]\nendpoint_url = http://dev:3\nignore_configured_endpoint_urls = false\n"
    ),
    "quoted-and-odd": (
        "[profile 'dev']\nregion = ap-south-1\n"
        "[profile default]\nregion = sa-east-1\n"
        "[profileless]\nregion = eu-north-1\n"
        "[profile a b]\nregion = eu-south-1\n"
        "[DEFAULT]\noutput = json\n"
    ),
    "missing-services-section": "[default]\nservices = nowhere\nregion = eu-west-3\n",
    "malformed": "[default\nregion = eu-west-1\n",
    "nested-region": "[default]\nregion =\n  x = y\n",
}
CREDENTIALS: dict[str, str | None] = {
    "absent": None,
    "dev-region": "[dev]\naws_access_key_id = a\naws_secret_access_key = b\nregion = ca-central-1\n",
    "new-profile": "[creds-only]\naws_access_key_id = a\naws_secret_access_key = b\n",
}
ENVIRONMENTS: dict[str, dict[str, str]] = {
    "none": {},
    "profile": {"AWS_PROFILE": "dev"},
    "both-profiles": {"AWS_DEFAULT_PROFILE": "dev", "AWS_PROFILE": "other"},
    "missing-profile": {"AWS_PROFILE": "nope"},
    "region": {"AWS_DEFAULT_REGION": "ap-northeast-1"},
    "aws-region-only": {"AWS_REGION": "me-south-1"},
    "global-endpoint": {"AWS_ENDPOINT_URL": "http://env-global:5"},
    "service-endpoint": {"AWS_ENDPOINT_URL": "http://env-global:5", "AWS_ENDPOINT_URL_SAGEMAKER": "http://env-sm:6"},
    "ignore": {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE", "AWS_ENDPOINT_URL": "http://env-global:5"},
    "empty-region": {"AWS_DEFAULT_REGION": ""},
}
EXPLICIT: dict[str, tuple[str | None, str | None, str | None]] = {
    "nothing": (None, None, None),
    "profile": ("dev", None, None),
    "everything": ("creds-only", "eu-central-1", "http://explicit:7"),
}
#: Files and environments the reader may leave to botocore (which may still accept some of them).
ODD_CONFIGS = frozenset({"malformed", "missing-services-section", "nested-region"})
ODD_ENVIRONMENTS = frozenset({"empty-region"})
VARIABLES = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
)


#: One loader for every session: the service model is read once, not once per case.
LOADER = botocore.session.get_session().get_component("data_loader")


def botocore_view(profile: str | None, region: str | None, endpoint: str | None) -> dict[str, Any] | None:
    """What boto3/botocore make of it, as the app's client path asks (None: botocore refuses)."""
    try:
        core = botocore.session.Session()
        core.register_component("data_loader", LOADER)
        session = boto3.Session(botocore_session=core, profile_name=profile, region_name=region)
        # As tui.aws.client.build_session: the profile asked for must exist, as in the AWS CLI.
        requested = profile or os.environ.get("AWS_PROFILE") or os.environ.get("AWS_DEFAULT_PROFILE")
        if requested and requested not in session.available_profiles:
            return None
        found_region = session.region_name
        client = session.client("sagemaker", region_name=found_region or "us-east-1", endpoint_url=endpoint)
        url = client.meta.endpoint_url
    except (BotoCoreError, ValueError, TypeError):
        return None
    return {"region": found_region, "endpoint": endpoint_key(url)}


def light_view(profile: str | None, region: str | None, endpoint: str | None) -> dict[str, Any]:
    resolved = resolve(profile, region, endpoint)
    return {"region": resolved.region, "endpoint": endpoint_key(resolved.endpoint_url)}


def write(path: Path, text: str | None) -> None:
    if text is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(text, encoding="utf-8")


def test_the_light_reader_agrees_with_botocore(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config, credentials = tmp_path / "config", tmp_path / "credentials"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    decided = 0
    dodged: list[str] = []
    disagreements: list[str] = []
    files = [(c, "absent") for c in CONFIGS] + [
        (c, k) for c in ("absent", "profiles") for k in CREDENTIALS if k != "absent"
    ]
    for (cname, kname), (ename, env), (xname, explicit) in itertools.product(
        files, ENVIRONMENTS.items(), EXPLICIT.items()
    ):
        ctext, ktext = CONFIGS[cname], CREDENTIALS[kname]
        write(config, ctext)
        write(credentials, ktext)
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        case = f"config={cname} credentials={kname} env={ename} explicit={xname}"
        expected = botocore_view(*explicit)
        try:
            got = light_view(*explicit)
        except Undecided:
            if expected is not None and cname not in ODD_CONFIGS and ename not in ODD_ENVIRONMENTS:
                dodged.append(case)
            continue
        decided += 1
        if got != expected:
            disagreements.append(f"{case}: light {got} != botocore {expected}")
    assert disagreements == []
    # Every case botocore accepts on an ordinary file and environment is decided, not dodged.
    assert dodged == []
    assert decided > 150


@pytest.mark.parametrize("cname", sorted(CONFIGS))
@pytest.mark.parametrize("ename", ["none", "profile", "both-profiles", "missing-profile"])
def test_profile_settings_agree_with_botocore(
    cname: str, ename: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    write(config, CONFIGS[cname])
    for name, value in ENVIRONMENTS[ename].items():
        monkeypatch.setenv(name, value)
    for key in ("output", "cli_timestamp_format", "region"):
        try:
            expected = botocore.session.Session().get_scoped_config().get(key)
        except BotoCoreError:
            expected = Undecided
        try:
            got: Any = profile_setting(None, key)
        except Undecided:
            continue  # botocore decides these (the commands fall back to it)
        assert got == expected, key


def test_undecided_cases_are_the_odd_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The reader gives up on what only botocore should judge, never on an ordinary file."""
    config = tmp_path / "config"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    for cname in ("malformed", "missing-services-section", "nested-region"):
        write(config, CONFIGS[cname])
        with pytest.raises(Undecided):
            resolve(None, None, None)
    write(config, CONFIGS["profiles"])
    with pytest.raises(Undecided):
        resolve("nope", None, None)
    assert resolve("dev", None, None).endpoint_url == "http://localhost:4566"
    assert endpoint_key(resolve(None, None, None).endpoint_url) == AWS_ENDPOINT
