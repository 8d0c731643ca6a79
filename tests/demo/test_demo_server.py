"""``sagemaker-tui demo-server``: prints its URL first, serves the fleet, exits 0 on Ctrl+C."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import boto3
import pytest

from tests.conftest import reset_moto
from tui.commands import demo_server
from tui.commands.common import USAGE_EXIT


def read_lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.fixture
def server_process() -> Iterator[tuple[subprocess.Popen[str], queue.Queue[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "demo-server", "--jobs", "30", "--demo-seed", "4", "--no-simulate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    yield process, lines
    if process.poll() is None:
        process.kill()
        process.wait(5)


def test_demo_server_prints_its_url_serves_the_fleet_and_stops_cleanly(
    server_process: tuple[subprocess.Popen[str], queue.Queue[str]],
) -> None:
    process, lines = server_process
    url = lines.get(timeout=30).strip()
    assert url.startswith("http://127.0.0.1:")
    client = boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
    )
    assert len(client.list_training_jobs()["TrainingJobSummaries"]) == 30
    banner = [lines.get(timeout=5) for _ in range(3)]
    assert "30 training jobs (seed 4, region us-east-1)" in banner[0]
    assert f"AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo aws --endpoint-url {url} --region us-east-1 " \
           "sagemaker list-training-jobs" in banner[2]  # fmt: skip
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
    assert process.stderr is not None
    assert process.stderr.read().strip() == "Demo fleet stopped."


def test_bad_port_is_one_line_and_a_usage_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo_server.run(["--port", "70000"]) == USAGE_EXIT
    err = capsys.readouterr().err
    assert err == (
        "sagemaker-tui demo-server: error: argument --port: '70000' is not a port number "
        "(0-65535; 0 picks a free one)\n"
    )


def test_a_taken_port_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert demo_server.run(["--port", str(port), "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (
        f"sagemaker-tui: Cannot serve the demo fleet on 127.0.0.1:{port}: Address already in use.\n"
    )


def test_start_demo_fleet_owns_its_server_and_stops_it() -> None:
    from tui.demo import start_demo_fleet

    with start_demo_fleet(5, jobs=12, simulate=True) as fleet:
        assert fleet.region == "us-east-1" and fleet.credentials == ("demo", "demo")
        assert len(fleet.names) == 12 and fleet.simulator is not None and fleet.simulator.running
        client = boto3.client(
            "sagemaker",
            endpoint_url=fleet.endpoint_url,
            region_name=fleet.region,
            aws_access_key_id=fleet.credentials[0],
            aws_secret_access_key=fleet.credentials[1],
        )
        listed = [s["TrainingJobName"] for s in client.list_training_jobs()["TrainingJobSummaries"]]
        assert set(fleet.names) <= set(listed)
        # Leave the process-wide moto state clean for the next test (backends are shared).
        reset_moto(fleet.endpoint_url)
    assert not fleet.simulator.running
    host, port = fleet.endpoint_url.removeprefix("http://").split(":")
    with pytest.raises(OSError), socket.create_connection((host, int(port)), timeout=2):
        pass
