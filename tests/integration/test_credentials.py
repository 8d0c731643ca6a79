"""Credentials expire mid-session, and the user gets new ones without restarting the app.

The profile gets its keys from a ``credential_process`` (as SSO, ``aws-vault`` or an assume-role
helper would give them), with an expiry close enough that botocore asks the process again before
each request. The injector plays the service: requests signed with a revoked key get
``ExpiredTokenException``. Writing new keys where the process reads them is the user's
``aws sso login``; the same app and the same client pick them up on the next call.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from botocore.awsrequest import AWSResponse

from tests.aws.helpers import create_job
from tests.faults import FaultInjector, Sent, expired_token
from tests.integration.harness import (
    VirtualTime,
    cached_list,
    client_for,
    fire_refresh,
    integrity,
    make_app,
    make_fleet,
    settle,
)
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore

pytestmark = pytest.mark.moto_server

SENTENCE = (
    "The AWS credentials have expired or are invalid: refresh them (e.g. `aws sso login`) and "
    "press r to retry."
)


def write_keys(path: Path, key: str) -> None:
    """What the credential process prints: keys that expire in 12 minutes (real time), inside
    botocore's 15-minute refresh window, so it runs the process again before every request."""
    expires = datetime.now(timezone.utc) + timedelta(minutes=12)
    path.write_text(
        json.dumps(
            {
                "Version": 1,
                "AccessKeyId": key,
                "SecretAccessKey": "secret",
                "SessionToken": "token",
                "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        ),
        encoding="utf-8",
    )


@async_test
async def test_expired_credentials_say_what_to_do_keep_the_rows_and_recover_without_restart(
    moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime, tmp_path: Path
) -> None:
    keys = tmp_path / "keys.json"
    write_keys(keys, "KEY-ONE")
    printer = f"{shlex.quote(sys.executable)} -c 'import sys; print(open(sys.argv[1]).read())' {keys}"
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[profile expiring]\ncredential_process = {printer}\n", encoding="utf-8"
    )
    service = client_for(moto_url)
    fleet = make_fleet(service, 5)
    revoked: set[str] = set()

    def plan(sent: Sent) -> AWSResponse | None:
        return expired_token() if sent.access_key in revoked else None

    client = client_for(moto_url, vt, profile="expiring", static_credentials=None)
    run = make_app(client, cache, vt, FaultInjector(request_plan=plan))
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"
        assert run.injector.log[-1].access_key == "KEY-ONE"
        listed_at = vt.clock.now()

        revoked.add("KEY-ONE")  # the session behind the keys has expired
        await fire_refresh(pilot, run)
        assert re.fullmatch(rf"offline: cached data from {listed_at:%H:%M}, retry in [45]s", run.state)
        assert run.message == SENTENCE  # what happened and what to do
        assert sorted(run.rows) == fleet
        await fire_refresh(pilot, run)  # the automatic retry fails the same way, later each time
        assert run.screen.state.failures == 2 and run.message == SENTENCE
        assert sorted(run.rows) == fleet

        create_job(service.raw, "job-started-meanwhile")
        fleet = sorted([*fleet, "job-started-meanwhile"])
        write_keys(keys, "KEY-TWO")  # the user logs in again in another terminal, then presses r
        run.vt.advance(1.0)
        await pilot.press("r")
        await settle(pilot)
        assert run.injector.log[-1].access_key == "KEY-TWO"
        assert run.state == "live 15s" and run.message == ""
        assert sorted(run.rows) == fleet
        assert run.app.repository.client is client  # the same client: nothing was restarted

    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet
