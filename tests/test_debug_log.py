"""--debug: no credential, token, signature or Environment value in debug.log; 0700/0600 always."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from tui.commands.common import log_path, setup_debug_logging
from tui.debug_log import redact

TOKEN = "IQoJb3JpZ2luX2VjEJrSESSIONTOKENVALUE0123456789"
SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYSECRETKEY"
KEY_ID = "ASIAEXAMPLEKEYID1234"


@pytest.fixture
def debug_logging() -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    old = os.umask(0)  # the worst case: everything would be world-writable
    try:
        path = setup_debug_logging(True)
        assert path is not None
        yield path
    finally:
        os.umask(old)
        for handler in root.handlers[len(before):]:
            handler.close()
            root.removeHandler(handler)
        root.setLevel(level)


def test_log_folder_is_0700_and_file_0600_under_umask_000(debug_logging: Path) -> None:
    assert debug_logging == log_path()
    assert stat.S_IMODE(debug_logging.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(debug_logging.stat().st_mode) == 0o600


def test_an_existing_world_readable_log_is_tightened(tmp_path: Path) -> None:
    path = log_path()
    path.parent.mkdir(parents=True, mode=0o755)
    path.write_text("old\n")
    path.chmod(0o644)
    root = logging.getLogger()
    before = list(root.handlers)
    setup_debug_logging(True)
    for handler in root.handlers[len(before):]:
        handler.close()
        root.removeHandler(handler)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_real_signed_call_logs_no_token_signature_or_secret(debug_logging: Path, moto_url: str) -> None:
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        endpoint_url=moto_url,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN,
    )
    client.list_training_jobs(MaxResults=1)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = debug_logging.read_text()
    assert "X-Amz-Security-Token" in text  # botocore did log the request headers...
    for secret in (TOKEN, SECRET, KEY_ID):
        assert secret not in text  # ...but not the values
    assert "Signature=" not in text or "Signature=***" in text


def test_environment_values_in_a_logged_body_are_masked(debug_logging: Path) -> None:
    body = (
        b'{"TrainingJobName":"x","Environment":{"DB_PASSWORD":"hunter2-secret","MODE":"fast"},'
        b'"RoleArn":"r"}'
    )
    logging.getLogger("botocore.parsers").debug("Response body:\n%r", body)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = debug_logging.read_text()
    assert '"DB_PASSWORD":"***"' in text and '"MODE":"***"' in text
    assert "hunter2-secret" not in text and '"TrainingJobName":"x"' in text


def test_redact_leaves_ordinary_lines_alone() -> None:
    line = "Event needs-retry.sagemaker.ListTrainingJobs: calling handler <function x>"
    assert redact(line) == line
    assert redact("{'Environment': {'A': 'b'}}") == "{'Environment': {'A': '***'}}"
