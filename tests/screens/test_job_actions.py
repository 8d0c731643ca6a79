"""The job actions, driven through Pilot: read-only refusals, the stop confirmation, the console
link, the shell key (runner injected), watching and its notifications (escape sequences captured)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.pilot import Pilot

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import DetailRepository, load_job
from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle, summary
from tui.app import SageMakerTUI
from tui.aws.errors import AccessDeniedError, AwsError, ServiceError
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.screens.action_dialogs import HostPicker, StopConfirm
from tui.screens.job_actions import ActionHooks
from tui.screens.job_detail import JobDetailScreen
from tui.settings import RunSettings
from tui.widgets.detail.header import DetailHeader
from tui.widgets.list_header import ListHeader

RUNNING = "bert-large-finetune-2026-11-26-11-40"  # the first row of fleet(): InProgress


class StoppingRepository(FakeRepository):
    """The scripted list, plus StopTrainingJob calls recorded (or failing as scripted)."""

    def __init__(self, *args: Any, stop_error: AwsError | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.stopped: list[str] = []
        self.stop_error = stop_error
        self._stop_lock = threading.Lock()

    def stop(self, name: str) -> None:
        with self._stop_lock:
            self.stopped.append(name)
        if self.stop_error is not None:
            raise self.stop_error


class Recorder:
    """Fake hooks: commands run or spawned, terminal writes, suspends."""

    def __init__(self, *, installed: tuple[str, ...] = ("aws", "session-manager-plugin"),
                 environ: dict[str, str] | None = None) -> None:
        self.ran: list[list[str]] = []
        self.spawned: list[list[str]] = []
        self.written: list[str] = []
        self.suspended = 0
        self.hooks = ActionHooks(
            run=self._run,
            which=lambda tool: f"/usr/bin/{tool}" if tool in installed else None,
            environ=environ or {},
            suspend=self._suspend,
            write=self.written.append,
            spawn=self.spawned.append,
        )

    def _run(self, argv: list[str]) -> int:
        self.ran.append(argv)
        return 0

    @contextmanager
    def _suspend(self, _app: Any) -> Iterator[None]:
        self.suspended += 1
        yield


async def until(pilot: Pilot[None], condition: Any, timeout: float = 5.0) -> None:
    """Wait in real time (the list's one-call-a-second floor runs on a real timer)."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "condition not met in time"
        await pilot.pause(0.05)
        waited += 0.05


def notes(app: SageMakerTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


def actions_app(repository: FakeRepository, *, allow: bool = True, config: AppConfig | None = None,
                recorder: Recorder | None = None) -> SageMakerTUI:
    app = list_app(repository, config=config)
    app.settings.allow_actions = allow
    app.action_hooks = (recorder or Recorder()).hooks  # type: ignore[attr-defined]
    return app


# -- read-only -------------------------------------------------------------------------------------
@async_test
async def test_read_only_hides_the_action_keys_and_refuses_them_in_one_line() -> None:
    repository = StoppingRepository([[fleet()]])
    app = actions_app(repository, allow=False)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        shown = {binding.binding.action for binding in app.screen.active_bindings.values()}
        assert "stop_job" not in shown and "shell" not in shown
        assert "refuse('stop a job')" in shown
        assert "actions on" not in app.screen.query_one(ListHeader).marks
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert not isinstance(app.screen, StopConfirm)
        await pilot.press("x")
        await pilot.pause()
        assert notes(app) == [
            "Read-only: cannot stop a job. Start with --allow-actions (or set read_only = false).",
            "Read-only: cannot shell into a host. Start with --allow-actions (or set read_only = false).",
        ]
        assert repository.stopped == []


@async_test
async def test_a_remapped_stop_key_is_refused_too_and_the_old_key_does_nothing() -> None:
    repository = StoppingRepository([[fleet()]])
    app = actions_app(repository, allow=False, config=AppConfig(keymap={"actions.stop": "ctrl+t"}))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert notes(app) == []
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert notes(app) == [
            "Read-only: cannot stop a job. Start with --allow-actions (or set read_only = false)."
        ]


@async_test
async def test_read_only_false_in_the_config_turns_actions_on_and_the_header_says_so() -> None:
    app = actions_app(StoppingRepository([[fleet()]]), allow=False, config=AppConfig(read_only=False))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ListHeader).marks == "actions on"
        shown = {binding.binding.action for binding in app.screen.active_bindings.values()}
        assert "stop_job" in shown and "refuse('stop a job')" not in shown


# -- stop ------------------------------------------------------------------------------------------
@async_test
async def test_stop_asks_first_and_no_escape_and_enter_keep_the_job_running() -> None:
    repository = StoppingRepository([[fleet()]])
    app = actions_app(repository)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        for answer in ("n", "escape", "enter"):
            await pilot.press("ctrl+k")
            await pilot.pause()
            assert isinstance(app.screen, StopConfirm)
            assert app.screen.job_name == RUNNING
            await pilot.press(answer)
            await settle(pilot)
            assert not isinstance(app.screen, StopConfirm)
        assert repository.stopped == []


@async_test
async def test_stop_yes_calls_stop_and_nudges_the_list_refresh() -> None:
    stopping = summary(RUNNING, "Stopping", "Stopping", age=1200)
    repository = StoppingRepository([[fleet()]], changes=[[stopping]])
    app = actions_app(repository)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        before = repository.count("list_changes")
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert repository.stopped == [RUNNING]
        assert f"Stopping {RUNNING}: it shows Stopping, then Stopped." in notes(app)
        for _ in range(60):  # the nudged refresh keeps the list's one-call-a-second spacing
            if repository.count("list_changes") > before:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert repository.count("list_changes") == before + 1
        assert app.screen.table.cursor_row.status == "Stopping"  # type: ignore[attr-defined]


@async_test
async def test_stop_errors_are_one_line() -> None:
    denied = AccessDeniedError("Access denied for StopTrainingJob: not allowed", code="AccessDeniedException")
    repository = StoppingRepository([[fleet()]], stop_error=denied)
    app = actions_app(repository)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k", "y")
        await settle(pilot)
        assert notes(app) == ["Access denied for StopTrainingJob: not allowed"]
        repository.stop_error = ServiceError(
            "StopTrainingJob failed (ValidationException): The request was rejected because the "
            "training job is in status Completed.", code="ValidationException",
        )
        await pilot.press("ctrl+k", "y")
        await settle(pilot)
        assert notes(app)[-1].startswith("StopTrainingJob failed (ValidationException)")
        assert "\n" not in notes(app)[-1]


@async_test
async def test_a_finished_job_is_not_offered_a_stop() -> None:
    repository = StoppingRepository([[[summary("done-job", "Completed")]]])
    app = actions_app(repository)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert not isinstance(app.screen, StopConfirm)
        assert notes(app) == ["done-job is Completed: only a running job can be stopped."]


# -- detail: stop, shell -----------------------------------------------------------------------------
class DetailStopRepository(DetailRepository):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.stopped: list[str] = []

    def stop(self, name: str) -> None:
        self.stopped.append(name)


def detail_actions_app(raw: dict[str, Any], recorder: Recorder) -> tuple[SageMakerTUI, DetailStopRepository]:
    name = raw["TrainingJobName"]
    clock = FixedClock(FIXED_NOW)
    repository = DetailStopRepository({name: raw}, clock=clock)
    settings = RunSettings(profile_label="test", location_label="us-east-1", initial_job=name, live=False,
                           allow_actions=True)
    app = SageMakerTUI(repository, settings=settings, config=AppConfig(), clock=clock)
    app.action_hooks = recorder.hooks  # type: ignore[attr-defined]
    return app, repository


async def detail_ready(app: SageMakerTUI, pilot: Pilot[None]) -> JobDetailScreen:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, JobDetailScreen) and screen.view is not None
    return screen


@async_test
async def test_detail_stop_confirms_then_redescribes_at_once() -> None:
    raw = load_job("running")
    app, repository = detail_actions_app(raw, Recorder())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await detail_ready(app, pilot)
        assert screen.query_one(DetailHeader).query_one("#header-marks").display
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, StopConfirm)
        await pilot.press("y")
        await settle(pilot)
        assert repository.stopped == [raw["TrainingJobName"]]
        assert repository.describes[-1] == (raw["TrainingJobName"], True)


def remote(raw: dict[str, Any], count: int = 4) -> dict[str, Any]:
    return {**raw, "RemoteDebugConfig": {"EnableRemoteDebug": True},
            "ResourceConfig": {**raw["ResourceConfig"], "InstanceCount": count}}


@async_test
async def test_shell_picks_a_host_and_runs_the_ssm_session_suspended() -> None:
    raw = remote(load_job("running"))
    recorder = Recorder()
    app, _ = detail_actions_app(raw, recorder)
    name = raw["TrainingJobName"]
    async with app.run_test(size=(120, 30)) as pilot:
        await detail_ready(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HostPicker)
        assert app.screen.hosts == ["algo-1", "algo-2", "algo-3", "algo-4"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert recorder.ran == [[
            "aws", "ssm", "start-session", "--target", f"sagemaker-training-job:{name}_algo-2",
            "--region", "us-east-1",
        ]]
        assert recorder.suspended == 1
        assert notes(app)[-1] == f"Session to {name} algo-2 ended (exit status 0)."


@async_test
async def test_shell_without_the_plugin_copies_the_command_instead() -> None:
    raw = remote(load_job("running"), count=1)
    recorder = Recorder(installed=("aws",))
    app, _ = detail_actions_app(raw, recorder)
    name = raw["TrainingJobName"]
    async with app.run_test(size=(120, 30)) as pilot:
        await detail_ready(app, pilot)
        await pilot.press("x")  # one host: no picker
        await settle(pilot)
        command = f"aws ssm start-session --target sagemaker-training-job:{name}_algo-1 --region us-east-1"
        assert recorder.ran == [] and recorder.suspended == 0
        assert app.clipboard == command
        assert notes(app)[-1] == (
            "Needs the AWS CLI and the Session Manager plugin (session-manager-plugin not found). "
            f"Copied the command: {command}"
        )


@async_test
async def test_shell_needs_remote_debug() -> None:
    raw = load_job("running")
    recorder = Recorder()
    app, _ = detail_actions_app(raw, recorder)
    async with app.run_test(size=(120, 30)) as pilot:
        await detail_ready(app, pilot)
        await pilot.press("x")
        await settle(pilot)
        assert recorder.ran == []
        assert "was not started with remote debugging" in notes(app)[-1]


# -- console link --------------------------------------------------------------------------------------
@async_test
async def test_console_link_is_copied_and_shown_in_full() -> None:
    app = actions_app(StoppingRepository([[fleet()]]), allow=False)  # not an action: works read-only
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        url = f"https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/jobs/{RUNNING}"
        assert app.clipboard == url
        assert notes(app) == [f"Copied the console link: {url}"]


# -- watch ---------------------------------------------------------------------------------------------
@async_test
async def test_watching_a_job_notifies_when_it_fails_through_the_terminal() -> None:
    recorder = Recorder()
    repository = StoppingRepository([[fleet()]])
    app = actions_app(repository, allow=False, recorder=recorder)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await pilot.pause()
        assert app.settings.watched == [RUNNING]
        assert app.screen.query_one(ListHeader).marks == f"watching {RUNNING}"
        app.watcher.observe(RUNNING, ("InProgress", "Uploading"))
        assert recorder.written == []
        app.watcher.observe(RUNNING, ("Failed", "Failed"))
        await pilot.pause()
        body = f"{RUNNING}: Failed"
        assert recorder.written == [
            f"\a\x1b]9;SageMaker job failed: {body}\a\x1b]777;notify;SageMaker job failed;{body}\a"
        ]
        assert recorder.spawned == []  # not inside tmux
        assert app.settings.watched == []  # an ended job is no longer watched
        assert app.screen.query_one(ListHeader).marks == ""


class DescribingRepository(StoppingRepository):
    def __init__(self, *args: Any, answer: dict[str, Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.answer = answer

    def describe(self, name: str, *, force: bool = False) -> Any:
        from tui.repository import Fetched

        return Fetched(self.answer, FIXED_NOW)


@async_test
async def test_a_watched_job_is_polled_and_inside_tmux_passes_through_and_displays() -> None:
    recorder = Recorder(environ={"TMUX": "/tmp/tmux-0/default,1,0"})
    answer = {"TrainingJobName": RUNNING, "TrainingJobStatus": "InProgress", "SecondaryStatus": "Interrupted"}
    repository = DescribingRepository([[fleet()]], answer=answer)
    app = actions_app(repository, allow=False, recorder=recorder)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        app.watcher.poll()
        await settle(pilot)
        body = f"{RUNNING}: Interrupted"
        osc9 = f"\x1b\x1b]9;SageMaker job interrupted: {body}\a"
        osc777 = f"\x1b\x1b]777;notify;SageMaker job interrupted;{body}\a"
        assert recorder.written == [f"\a\x1bPtmux;{osc9}\x1b\\\x1bPtmux;{osc777}\x1b\\"]
        assert recorder.spawned == [["tmux", "display-message", f"SageMaker job interrupted: {body}"]]
        assert app.settings.watched == [RUNNING]  # interrupted is not the end: still watched


@async_test
async def test_notify_failures_announces_every_new_failure_in_the_list() -> None:
    recorder = Recorder()
    failed = summary(RUNNING, "Failed", "Failed", age=1200, ran=600)
    repository = StoppingRepository([[fleet()]], changes=[[failed]])
    app = actions_app(repository, allow=False, recorder=recorder, config=AppConfig(notify_failures=True))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        for _ in range(2):  # the same failure in two refreshes is announced once
            before = repository.count("list_changes")
            app.screen.refresh_now()  # type: ignore[attr-defined]
            await until(pilot, lambda before=before: repository.count("list_changes") > before)
            await settle(pilot)
            assert [o.name for o in app.watcher.announced] == [RUNNING]
        assert len(recorder.written) == 1 and "SageMaker job failed" in recorder.written[0]


@async_test
async def test_shell_on_the_demo_copies_the_command_instead_of_running_it() -> None:
    raw = remote(load_job("running"), count=1)
    recorder = Recorder()
    app, _ = detail_actions_app(raw, recorder)
    app.settings.demo = True
    async with app.run_test(size=(120, 30)) as pilot:
        await detail_ready(app, pilot)
        await pilot.press("x")
        await settle(pilot)
        assert recorder.ran == [] and recorder.suspended == 0
        assert app.clipboard.startswith("aws ssm start-session --target sagemaker-training-job:")
        assert notes(app)[-1].startswith("Demo fleet: no real host to reach. Copied the command: aws ssm")


@async_test
async def test_watch_from_the_detail_screen_and_again_to_stop_watching() -> None:
    raw = load_job("running")
    app, _ = detail_actions_app(raw, Recorder())
    name = raw["TrainingJobName"]
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await detail_ready(app, pilot)
        await pilot.press("W")
        await pilot.pause()
        assert app.settings.watched == [name]
        marks = screen.query_one(DetailHeader).query_one("#header-marks")
        assert f"watching {name}" in str(marks.render())
        await pilot.press("W")
        await pilot.pause()
        assert app.settings.watched == []
        assert notes(app)[-2:] == [
            f"Watching {name}: you will be told when it ends.", f"No longer watching {name}."
        ]
