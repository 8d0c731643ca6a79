"""Idle terminal cost: bytes the app writes per minute when nothing changes, and while jobs change.

Runs ``python -m tui --demo`` in a pseudo-terminal (80x24 by default), waits for it to settle,
then counts what it writes. Over SSH every byte is bandwidth and latency, and a redraw loop (a
spinner, a clock, an animation) shows up here at once. Target: < 2 KB/min idle.

    python -m benchmarks.idle_bytes [--seconds 60] [--settle 8] [--size 80x24]

Also used by tests/test_terminals.py (:class:`PtyApp`) to run the real app under odd TERMs.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class PtyApp:
    """A child process on the slave side of a pty of a fixed size; we play the terminal."""

    argv: Sequence[str]
    cols: int = 80
    rows: int = 24
    env: Mapping[str, str] = field(default_factory=dict)
    #: Variables removed from the inherited environment (e.g. NO_COLOR: set-but-empty still counts).
    unset: Sequence[str] = ()
    #: The child's working directory: ``python -m tui`` imports the ``tui`` found there first.
    cwd: Path = ROOT
    pid: int = 0
    fd: int = -1
    output: bytearray = field(default_factory=bytearray)

    def start(self) -> PtyApp:
        dropped = {"COLUMNS", "LINES", *self.unset}
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env.update(self.env)
        pid, fd = pty.fork()
        if pid == 0:  # child: the pty is already its controlling terminal and stdio
            try:
                _set_size(0, self.cols, self.rows)
                os.chdir(self.cwd)
                os.execvpe(self.argv[0], list(self.argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        _set_size(fd, self.cols, self.rows)
        return self

    def read(self, seconds: float) -> bytes:
        """Everything written during the next ``seconds`` (also kept in ``output``)."""
        chunk = bytearray()
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunk += data
            self._answer_queries(data)
        self.output += chunk
        return bytes(chunk)

    def read_until(self, needle: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.output:
                return True
            self.read(min(0.2, max(0.0, deadline - time.monotonic())))
        return needle in self.output

    def settle(self, quiet: float, timeout: float) -> float:
        """Read until nothing has been written for ``quiet`` seconds; returns the time taken."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not self.read(quiet):
                break
        return time.monotonic() - started

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def resize(self, cols: int, rows: int) -> None:
        self.cols, self.rows = cols, rows
        _set_size(self.fd, cols, rows)  # the kernel sends SIGWINCH to the child's process group

    def wait(self, timeout: float) -> int | None:
        """Exit status (negative: killed by that signal), or None if still running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.05)  # keep draining: a full pty buffer would block the child
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.pid = 0
                return os.waitstatus_to_exitcode(status)
        return None

    def close(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            if self.wait(5) is None:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _answer_queries(self, data: bytes) -> None:
        # A real terminal answers a cursor position query; Textual only asks in inline mode, but
        # answering keeps a future version from waiting on us.
        if b"\x1b[6n" in data:
            self.write(f"\x1b[{self.rows};1R".encode())

    def __enter__(self) -> PtyApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def measure(
    extra_args: Sequence[str],
    *,
    seconds: float,
    settle: float,
    cols: int,
    rows: int,
    env: Mapping[str, str],
    max_settle: float = 20.0,
) -> tuple[int, float, float]:
    """(bytes written during ``seconds`` after settling, start-up seconds, settle seconds)."""
    argv = [sys.executable, "-m", "benchmarks.idle_bytes", "--app", *extra_args]
    with PtyApp(argv, cols=cols, rows=rows, env=env) as app:
        started = time.monotonic()
        app.read(1.0)
        startup = time.monotonic() - started
        settled = app.settle(quiet=settle, timeout=max_settle)
        window = app.read(seconds)
        app.write(b"q")
        app.wait(10)
        return len(window), startup, settled


def per_minute(count: int, seconds: float) -> float:
    return count * 60.0 / seconds


ABSOLUTE = 'time_display = "absolute"\n'

#: (label, options for run_app and the app, config file text or None): the scenarios, in order.
#: "idle" = the demo's simulator off, so no job changes: only what time alone moves repaints (the
#: running jobs' durations and every age, at kubectl's precision, cell by cell). `--status
#: Completed` (a server-side filter) leaves only finished jobs, whose ages alone can move.
SCENARIOS: list[tuple[str, list[str], str | None]] = [
    ("idle: whole demo fleet", ["--no-simulate"], None),
    ("idle: finished jobs, relative ages", ["--no-simulate", "--status", "Completed"], None),
    ("idle: finished jobs, absolute times", ["--no-simulate", "--status", "Completed"], ABSOLUTE),
    ("jobs changing: demo simulator on", [], None),
]


def run_app(argv: Sequence[str]) -> int:
    """The child side: ``python -m tui --demo`` with the demo fleet's knobs the CLI does not have."""
    parser = argparse.ArgumentParser(prog="idle_bytes --app")
    parser.add_argument("--no-simulate", action="store_true", help="the demo fleet's simulator off")
    parser.add_argument("--running", type=int, default=None, help="running jobs in the demo fleet")
    ns, tui_args = parser.parse_known_args(argv)
    import functools

    import tui.demo
    from tui.cli import main as tui_main

    # launch.py looks start_demo_fleet up on the module at call time, so this reaches it.
    tui.demo.start_demo_fleet = functools.partial(
        tui.demo.start_demo_fleet, simulate=not ns.no_simulate, running=ns.running
    )
    return tui_main(["--demo", "--demo-seed", "1", *tui_args])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--app"]:
        return run_app(args[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks.idle_bytes", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="measuring window (default 60)")
    parser.add_argument("--settle", type=float, default=5.0, help="quiet seconds that count as settled")
    parser.add_argument(
        "--max-settle", type=float, default=20.0, help="start measuring after this long anyway (default 20)"
    )
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS (default 80x24)")
    parser.add_argument("--term", default="xterm-256color", help="TERM for the app (default xterm-256color)")
    ns = parser.parse_args(args)
    cols, rows = (int(n) for n in ns.size.lower().split("x"))
    env = {"TERM": ns.term, "TEXTUAL_ANIMATIONS": "none", "COLORTERM": ""}

    print(
        f"python -m tui --demo --demo-seed 1 in a {cols}x{rows} pty, TERM={ns.term}; bytes written in"
        f" {ns.seconds:g} s once the screen has been quiet for {ns.settle:g} s (or {ns.max_settle:g} s"
        " have passed)"
    )
    results: list[tuple[str, float]] = []
    for label, options, config_text in SCENARIOS:
        with tempfile.TemporaryDirectory() as home:
            run_env = {**env, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
            if config_text is not None:
                config = Path(home) / "bench.toml"
                config.write_text(config_text, encoding="utf-8")
                run_env["SAGEMAKER_TUI_CONFIG"] = str(config)
            count, startup, settled = measure(
                options,
                seconds=ns.seconds,
                settle=ns.settle,
                cols=cols,
                rows=rows,
                env=run_env,
                max_settle=ns.max_settle,
            )
        rate = per_minute(count, ns.seconds)
        verdict = ""
        if label.startswith("idle"):
            verdict = "  target < 2,048: " + ("met" if rate < 2048 else "MISSED")
        quiet = "settled" if settled < ns.max_settle else "never quiet; measured"
        print(f"{label:<40} {rate:9,.0f} bytes/min{verdict}  ({quiet} after {startup + settled:.0f} s)")
        results.append((label, rate))

    from benchmarks.common import result

    for index, (label, rate) in enumerate(results):
        idle = label.startswith("idle")
        result(f"idle.{index}", rate, "bytes/min", f"Terminal bytes per minute, {label} ({cols}x{rows})",
               target=2048 if idle else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
