"""``sagemaker-tui cache info|clear``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tui.cache.scope import Context, Scope
from tui.cache.store import CacheStore
from tui.cli import main

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
PROD = Scope("aws", "us-east-1", "111111111111")
PROD_EU = Scope("aws", "eu-west-1", "111111111111")
DEMO = Scope("http://127.0.0.1:5000", "us-east-1", "123456789012")


def job(name: str, scope: Scope) -> dict[str, object]:
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:{scope.region}:{scope.account}:training-job/{name}",
        "CreationTime": NOW,
    }


@pytest.fixture
def filled() -> None:
    with CacheStore.open_default() as store:
        store.put_summaries(PROD, [job("a", PROD), job("b", PROD)], NOW - timedelta(days=1))
        store.put_describe(PROD, "a", job("a", PROD), NOW)
        store.put_describe(PROD_EU, "c", job("c", PROD_EU), NOW)
        store.put_describe(DEMO, "d", job("d", DEMO), NOW)
        store.remember_context(Context("default", "aws", "us-east-1"), PROD, NOW)
        store.remember_context(Context("default", "aws", "eu-west-1"), PROD_EU, NOW)


def remaining() -> set[str]:
    with CacheStore.open_default() as store:
        return {
            f"{s.scope.region}/{s.scope.endpoint}:{s.jobs + s.describes}" for s in store.info().scopes
        }


def test_info_lists_path_size_and_scopes(filled: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"path:    {CacheStore.default_path()}"
    assert lines[1].startswith("size:    ") and lines[1].endswith("KB")
    assert lines[3] == "entries: 5 in 3 scopes"
    assert lines[5].split() == ["ACCOUNT", "REGION", "ENDPOINT", "JOBS", "DESCRIBES", "OLDEST", "FETCH",
                                "NEWEST", "FETCH"]
    prod = next(line for line in lines if line.startswith("111111111111  us-east-1"))
    assert prod.split() == ["111111111111", "us-east-1", "aws", "2", "1", "2026-11-25", "12:00:00", "UTC",
                            "2026-11-26", "12:00:00", "UTC"]
    assert any(line.startswith("123456789012  us-east-1  http://127.0.0.1:5000") for line in lines)


def test_info_on_an_empty_cache(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "info"]) == 0
    assert "entries: 0 in 0 scopes" in capsys.readouterr().out


def test_bare_clear_clears_the_current_profile_and_region(filled, capsys) -> None:
    assert main(["--region", "eu-west-1", "cache", "clear"]) == 0
    assert capsys.readouterr().out == "Cleared account 111111111111 in eu-west-1 (1 entry).\n"
    assert remaining() == {"us-east-1/aws:3", "us-east-1/http://127.0.0.1:5000:1"}


def test_bare_clear_with_nothing_cached_says_so(filled, capsys) -> None:
    assert main(["--profile", "other", "--region", "us-east-1", "cache", "clear"]) == 0
    assert capsys.readouterr().out == "Nothing cached for profile other in us-east-1.\n"
    assert len(remaining()) == 3


def test_bare_clear_needs_a_region(filled, capsys) -> None:
    assert main(["cache", "clear"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "sagemaker-tui cache clear: error: no region is set for this profile; "
        "pass --region R (after clear) or --all"
    )
    assert len(remaining()) == 3


def test_clear_region_clears_every_account_and_endpoint_there(filled, capsys) -> None:
    assert main(["cache", "clear", "--region", "us-east-1"]) == 0
    assert capsys.readouterr().out == "Cleared region us-east-1 (4 entries).\n"
    assert remaining() == {"eu-west-1/aws:1"}


def test_clear_all(filled, capsys) -> None:
    assert main(["cache", "clear", "--all"]) == 0
    assert capsys.readouterr().out == "Cleared the whole cache (5 entries).\n"
    assert remaining() == set()


def test_all_and_region_are_exclusive(capsys) -> None:
    assert main(["cache", "clear", "--all", "--region", "x"]) == 252
    assert capsys.readouterr().err.strip() == (
        "sagemaker-tui cache clear: error: argument --region: not allowed with argument --all"
    )


def test_a_damaged_cache_is_reported_in_one_line_and_rebuilt(capsys) -> None:
    path = CacheStore.default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    assert main(["cache", "info"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("sagemaker-tui: The cache file was unreadable (")
    assert "entries: 0 in 0 scopes" in captured.out
