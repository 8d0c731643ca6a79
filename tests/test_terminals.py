"""Terminals as they are on bastion hosts: odd TERMs, 16 colours, NO_COLOR, tiny windows, no mouse.

The pty tests run the real ``python -m tui`` on the slave side of a pseudo-terminal (as ssh and
tmux do) and read the bytes it writes, so what is checked is what a terminal would receive.
They start every run at once (one module fixture) to keep the wall time to one start-up or two.
"""

from __future__ import annotations

import re
import select
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pytest

from benchmarks.idle_bytes import PtyApp
from tui.clock import FixedClock

SIXTEEN_COLOUR_TERMS = ("xterm", "screen", "linux", "vt100")
EIGHT_BIT_TERMS = ("xterm-256color", "screen-256color", "tmux-256color")

AWS_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_CA_BUNDLE",
    "SAGEMAKER_TUI_CONFIG",
)
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


@dataclass
class Run:
    label: str
    app: PtyApp
    exit_code: int | None = None

    @property
    def output(self) -> bytes:
        return bytes(self.app.output)


def colours(output: bytes) -> list[tuple[str, tuple[int, ...]]]:
    """Every colour set by an SGR sequence: ("16", (code,)), ("256", (n,)) or ("rgb", (r, g, b))."""
    found: list[tuple[str, tuple[int, ...]]] = []
    for match in SGR.finditer(output):
        params = [int(p) if p else 0 for p in re.split(rb"[;:]", match.group(1))]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 1 < len(params):
                if params[i + 1] == 5:
                    found.append(("256", (params[i + 2],)))
                    i += 3
                    continue
                if params[i + 1] == 2:
                    found.append(("rgb", tuple(params[i + 2 : i + 5])))
                    i += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                found.append(("16", (p,)))
            i += 1
    return found


def visible_text(output: bytes) -> str:
    """The output without escape sequences (for failure messages: Textual's crash report)."""
    return re.sub(r"\x1b(\[[0-9;?<>=:]*[ -/]*[@-~]|\][^\x07]*\x07|[=>])", "", output.decode(errors="replace"))


def is_grey(kind: str, value: tuple[int, ...]) -> bool:
    if kind == "rgb":
        r, g, b = value
        return r == g == b
    if kind == "256":
        (n,) = value
        if n >= 232 or n in (0, 7, 8, 15):
            return True
        if 16 <= n <= 231:
            n -= 16
            return n // 36 == (n // 6) % 6 == n % 6
        return False
    (code,) = value
    return code % 10 in (0, 7)  # black, white and their bright/background forms


ISOLATED: dict[str, str] = {}


def start(label: str, *args: str, cols: int = 80, rows: int = 24, **env: str) -> Run:
    """``python -m tui --offline ARGS`` (no AWS needed) in an isolated home, not yet driven."""
    environment = {**ISOLATED, "TEXTUAL_ANIMATIONS": "none", "COLORTERM": "", **env}
    unset = [name for name in ("NO_COLOR", *AWS_VARIABLES) if name not in environment]
    app = PtyApp(
        [sys.executable, "-m", "tui", "--offline", *args], cols=cols, rows=rows, env=environment, unset=unset
    )
    return Run(label, app.start())


def drain(runs: Iterable[Run], seconds: float) -> None:
    """Read from every terminal for ``seconds`` at once (a full pty buffer would stall an app)."""
    apps = {run.app.fd: run.app for run in runs}
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select(list(apps), [], [], left)
        for fd in ready:
            apps[fd].read(0.01)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Every scenario started together, driven, quit with q, and its exit code collected."""
    # Module-scoped, so conftest's per-test isolation has not run yet: isolate the children here.
    home = tmp_path_factory.mktemp("pty-home")
    ISOLATED.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        AWS_CONFIG_FILE=str(home / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    started: dict[str, Run] = {}
    try:
        for term in (*SIXTEEN_COLOUR_TERMS, *EIGHT_BIT_TERMS):
            started[term] = start(term, TERM=term)
        started["truecolor"] = start("truecolor", TERM="xterm-256color", COLORTERM="truecolor")
        started["NO_COLOR"] = start("NO_COLOR", TERM="xterm-256color", COLORTERM="truecolor", NO_COLOR="1")
        started["--color off"] = start(
            "--color off", "--color", "off", TERM="xterm-256color", COLORTERM="truecolor"
        )
        started["ansi theme"] = start(
            "ansi theme", "--theme", "ansi", TERM="xterm-256color", COLORTERM="truecolor"
        )
        started["resize"] = start("resize", TERM="tmux-256color")
        started["mouse"] = start("mouse", TERM="xterm-256color")

        deadline = time.monotonic() + 30
        for run in started.values():  # wait for every first paint (alternate screen + a frame)
            run.app.read_until(b"\x1b[?1049h", max(0.1, deadline - time.monotonic()))
        drain(started.values(), 1.0)

        resize = started["resize"].app
        for size in ((40, 12), (20, 6), (40, 12), (80, 24)):
            resize.resize(*size)
            drain([started["resize"]], 0.3)
        mouse = started["mouse"].app
        # An SGR mouse click and a wheel scroll, as a terminal with a mouse sends them.
        mouse.write(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;10;5M")

        drain(started.values(), 0.5)
        for run in started.values():
            run.app.write(b"q")
        for run in started.values():
            run.exit_code = run.app.wait(15)
        yield started
    finally:
        for run in started.values():
            run.app.close()


ALL = (
    *SIXTEEN_COLOUR_TERMS,
    *EIGHT_BIT_TERMS,
    "truecolor",
    "NO_COLOR",
    "--color off",
    "ansi theme",
    "resize",
    "mouse",
)


@pytest.mark.parametrize("label", ALL)
def test_starts_paints_and_quits_cleanly(runs: dict[str, Run], label: str) -> None:
    run = runs[label]
    assert run.exit_code == 0, visible_text(run.output)[-3000:]
    assert b"Traceback" not in run.output
    assert b"\x1b[?1049h" in run.output and b"\x1b[?1049l" in run.output  # alternate screen in/out
    assert len(colours(run.output)) > 0 or label in ("NO_COLOR", "--color off")


@pytest.mark.parametrize("term", SIXTEEN_COLOUR_TERMS)
def test_sixteen_colour_terminals_get_only_the_16_colours(runs: dict[str, Run], term: str) -> None:
    kinds = {kind for kind, _ in colours(runs[term].output)}
    assert kinds == {"16"}


@pytest.mark.parametrize("term", EIGHT_BIT_TERMS)
def test_256_colour_terminals_get_no_truecolor(runs: dict[str, Run], term: str) -> None:
    kinds = {kind for kind, _ in colours(runs[term].output)}
    assert "rgb" not in kinds and "256" in kinds


def test_truecolor_when_the_terminal_says_so(runs: dict[str, Run]) -> None:
    assert "rgb" in {kind for kind, _ in colours(runs["truecolor"].output)}


@pytest.mark.parametrize("label", ["NO_COLOR", "--color off"])
def test_no_color_paints_only_greys(runs: dict[str, Run], label: str) -> None:
    """Monochrome: every colour is a grey, so structure shows through brightness alone."""
    found = colours(runs[label].output)
    assert found, "expected greys for structure, found no colour at all"
    assert [c for c in found if not is_grey(*c)] == []


def test_ansi_theme_emits_ansi_codes_even_on_a_truecolor_terminal(runs: dict[str, Run]) -> None:
    """The ansi theme leaves the palette to the terminal: no RGB values at all."""
    kinds = {kind for kind, _ in colours(runs["ansi theme"].output)}
    assert kinds == {"16"}


def test_mouse_is_enabled_where_it_exists(runs: dict[str, Run]) -> None:
    # SGR mouse reporting is requested; a terminal without a mouse just never sends events.
    assert b"\x1b[?1000h" in runs["mouse"].output and b"\x1b[?1006h" in runs["mouse"].output


# -- 40x12: every screen degrades, none crashes (in-process, fast) --------------------------------
def test_every_screen_survives_40x12(fixed_clock: FixedClock) -> None:
    """List, detail (every tab of the maximal job, then the failed, running and minimal ones), help and
    the command palette at 40x12, and
    resized to 20x6 and back: ``run_test`` re-raises any exception the app hit, so reaching the end
    with the expected screens on top is the test."""
    import asyncio

    from tests.screens.detail_fakes import JOB_FIXTURES, DetailRepository, load_job
    from tui.app import SageMakerTUI
    from tui.screens.help import HelpScreen
    from tui.screens.job_detail import JobDetailScreen
    from tui.screens.job_list import JobListScreen
    from tui.settings import RunSettings
    from tui.widgets.job_table import JobTable

    class Repository(DetailRepository):
        """The detail fakes' jobs, listed too (the list reads only the cache when offline)."""

        @property
        def offline(self) -> bool:
            return False

    jobs = [load_job(fixture) for fixture in JOB_FIXTURES]
    repository = Repository({job["TrainingJobName"]: job for job in jobs}, clock=fixed_clock)

    async def scenario() -> None:
        app = SageMakerTUI(repository, settings=RunSettings(live=False), clock=fixed_clock)
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, JobListScreen)
            assert app.screen.query_one(JobTable).cursor_name is not None  # the jobs are listed
            for job in jobs:
                app.open_job(job["TrainingJobName"])
                await pilot.pause()
                await app.workers.wait_for_complete()
                assert isinstance(app.screen, JobDetailScreen)
                # Every tab of the maximal job (every field set); the others' overview (absent fields).
                for tab in "1234567" if job is jobs[0] else "1":
                    await pilot.press(tab, "pagedown")
                    await pilot.pause()
                if job is jobs[0]:
                    await pilot.resize_terminal(20, 6)
                    await pilot.pause()
                    await pilot.resize_terminal(40, 12)
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, JobListScreen)
            await pilot.press("enter")  # the list's cursor row opens too
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, JobDetailScreen)
            await pilot.press("escape")
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, JobListScreen)

    asyncio.run(scenario())


# -- clipboard: OSC 52 (travels over SSH; tmux needs `set -g set-clipboard on`) -------------------
def test_copy_writes_osc52_to_the_terminal(fixed_clock: FixedClock) -> None:
    """`y` on the list copies the selected job's name as an OSC 52 escape (base64 of the text),
    which the terminal, not this host, turns into a clipboard write."""
    import asyncio
    import base64

    from tests.screens.fakes import FakeRepository, fleet
    from tui.app import SageMakerTUI
    from tui.settings import RunSettings

    written: list[str] = []

    async def scenario() -> None:
        app = SageMakerTUI(FakeRepository([[fleet()]]), settings=RunSettings(live=False), clock=fixed_clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app._driver is not None
            app._driver.write = written.append  # type: ignore[method-assign,assignment]
            await pilot.press("y")
            await pilot.pause()

    asyncio.run(scenario())
    name = fleet()[0]["TrainingJobName"]
    assert f"\x1b]52;c;{base64.b64encode(name.encode()).decode()}\a" in written
