"""``sagemaker-tui wait`` against the local SageMaker on a fixed clock: golden output and exit codes.

The demo fleet runs on a :class:`FixedClock`; the command's ``sleep`` moves that clock on and lets
the fleet's simulator catch up, so a job's whole remaining life passes in milliseconds and the
output (times included) is the same on every run. Regenerate the goldens with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/commands/test_wait.py`` and read the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.commands.clirun import GOLDEN
from tests.conftest import FIXED_NOW, stepped_demo_fleet
from tui.clock import FixedClock
from tui.commands import wait
from tui.demo import FAILED_JOB, ROLES, RUNNING_JOB
from tui.demo.server import DemoFleet

pytestmark = pytest.mark.moto_server

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
WAIT_GOLDEN = GOLDEN / "wait"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def fleet(moto_server: str, clock: FixedClock) -> Iterator[DemoFleet]:
    with stepped_demo_fleet(moto_server, clock) as loaded:  # the command's sleep moves it on
        yield loaded


class Runner:
    """Runs the command in-process on the fleet's clock; records the sleeps it asked for."""

    def __init__(self, fleet: DemoFleet, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
        self.fleet, self.clock, self.capsys = fleet, clock, capsys
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[int], None] | None = None

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep(len(self.sleeps))
        self.clock.advance(seconds)
        assert self.fleet.simulator is not None
        self.fleet.simulator.tick()

    def __call__(self, *argv: str) -> str:
        args = [*argv, "--endpoint-url", self.fleet.endpoint_url, "--region", self.fleet.region]
        self.capsys.readouterr()
        code = wait.run(args, clock=self.clock, sleep=self.sleep)
        captured = self.capsys.readouterr()
        return f"{captured.out}--- stderr\n{captured.err}--- exit {code}\n"


@pytest.fixture
def run(fleet: DemoFleet, clock: FixedClock, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", fleet.credentials[0])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", fleet.credentials[1])
    return Runner(fleet, clock, capsys)


def golden(name: str, text: str) -> None:
    path: Path = WAIT_GOLDEN / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_completed_prints_each_transition_and_exits_0(run: Runner) -> None:
    text = run("--training-job-name", ROLES["interrupted"])
    golden("completed", text)
    assert text.endswith("--- exit 0\n")
    # Re-described on the running-job interval (10 s by default), as the detail screen does.
    assert set(run.sleeps) == {10.0}


def test_stopped_exits_2(run: Runner) -> None:
    text = run("--training-job-name", ROLES["stopping"])
    golden("stopped", text)
    assert text.endswith("--- exit 2\n")


def test_stopped_while_waiting_exits_2(run: Runner, fleet: DemoFleet) -> None:
    import boto3

    sm = boto3.client("sagemaker", endpoint_url=fleet.endpoint_url, region_name=fleet.region,
                      aws_access_key_id="demo", aws_secret_access_key="demo")

    def stop_on_first_sleep(count: int) -> None:
        if count == 1:
            sm.stop_training_job(TrainingJobName=RUNNING_JOB)

    run.on_sleep = stop_on_first_sleep
    text = run("--training-job-name", RUNNING_JOB)
    golden("stopped-while-waiting", text)
    assert text.endswith("--- exit 2\n")


def test_failed_exits_1_with_the_reason(run: Runner) -> None:
    text = run("--training-job-name", FAILED_JOB)
    golden("failed", text)
    assert text.endswith("--- exit 1\n")
    assert run.sleeps == []  # already finished: one describe, no wait


def test_quiet_prints_nothing(run: Runner) -> None:
    assert run("--training-job-name", FAILED_JOB, "--quiet") == "--- stderr\n--- exit 1\n"


def test_timeout_exits_255(run: Runner) -> None:
    text = run("--training-job-name", RUNNING_JOB, "--timeout", "25s")
    golden("timeout", text)
    assert text.endswith("--- exit 255\n")
    assert sum(run.sleeps) == 25.0  # the last sleep is cut to the deadline


def test_unknown_job_exits_255(run: Runner) -> None:
    assert run("--training-job-name", "no-such-job") == (
        "--- stderr\n"
        "sagemaker-tui wait: no-such-job: Training job 'no-such-job' was not found.\n"
        "--- exit 255\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "the following arguments are required: --training-job-name"),
        (("--training-job-name", "bad_name"), "Invalid training job name 'bad_name'"),
        (("--training-job-name", "x", "--timeout", "soon"), "--timeout: 'soon' is not a duration"),
        (("--training-job-name", "x", "--timeout", "0s"), "--timeout must be more than 0"),
    ],
)
def test_bad_input_is_one_line_and_252(run: Runner, argv: tuple[str, ...], message: str) -> None:
    text = run(*argv)
    assert text.endswith("--- exit 252\n")
    err = text.split("--- stderr\n")[1].split("--- exit")[0]
    assert message in err and err.count("\n") == 1


def test_a_finished_job_waited_for_again_comes_from_the_cache(run: Runner) -> None:
    assert run("--training-job-name", ROLES["stopping"]).endswith("--- exit 2\n")
    # Offline: no call at all, the cached describe of the settled job answers.
    text = run("--training-job-name", ROLES["stopping"], "--offline")
    assert text.endswith("--- exit 2\n")


def test_ctrl_c_exits_130(run: Runner) -> None:
    def interrupt(count: int) -> None:
        raise KeyboardInterrupt

    run.on_sleep = interrupt
    assert run("--training-job-name", RUNNING_JOB, "--quiet").endswith("--- exit 130\n")
