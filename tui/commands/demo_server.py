"""``sagemaker-tui demo-server``: serve the demo fleet alone, for any tool to point at.

Prints the endpoint URL alone on the first line (scripts can read it), then how to use it, and
serves until Ctrl+C (or SIGTERM), exiting 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from tui.aws.errors import AwsError
from tui.commands.common import APP_NAME, ERROR_EXIT, OneLineParser, UsageError, print_error


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535; 0 picks a free one)")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return value


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} demo-server",
        description="Serve the embedded demo fleet (moto on 127.0.0.1) until Ctrl+C.",
    )
    parser.add_argument("--demo-seed", type=int, metavar="N", help="seed for a reproducible fleet")
    parser.add_argument(
        "--port", type=_port, default=0, metavar="P", help="port to listen on (default: a free one)"
    )
    parser.add_argument(
        "--jobs", type=_count, default=300, metavar="N", help="number of training jobs (default 300)"
    )
    parser.add_argument(
        "--running", type=_count, metavar="N", help="how many of them are InProgress (default ~4%%)"
    )
    parser.add_argument(
        "--no-simulate", action="store_true", help="freeze the fleet (running jobs do not move on)"
    )
    return parser


def usage_lines(url: str, region: str, credentials: tuple[str, str]) -> list[str]:
    env = f"AWS_ACCESS_KEY_ID={credentials[0]} AWS_SECRET_ACCESS_KEY={credentials[1]}"
    return [
        "Try it with the AWS CLI (the demo accepts any credentials; set these two if you have none):",
        f"  {env} aws --endpoint-url {url} --region {region} sagemaker list-training-jobs",
        "or with the TUI:",
        f"  {env} {APP_NAME} --endpoint-url {url} --region {region}",
        "Press Ctrl+C to stop.",
    ]


def run(argv: list[str]) -> int:
    try:
        ns = build_parser().parse_args(argv)
        from tui.demo import start_demo_fleet

        fleet = start_demo_fleet(
            ns.demo_seed, jobs=ns.jobs, running=ns.running, simulate=not ns.no_simulate, port=ns.port
        )
    except UsageError as exc:
        print_error(str(exc))
        return exc.code
    except AwsError as exc:
        print_error(f"{APP_NAME}: {exc}")
        return ERROR_EXIT
    try:
        moving = len(fleet.simulator.active) if fleet.simulator else 0
        print(fleet.endpoint_url, flush=True)
        print(
            f"Demo SageMaker endpoint: {len(fleet.names)} training jobs (seed {fleet.seed}, region "
            f"{fleet.region}), ready in {fleet.startup_seconds:.1f} s; "
            + (f"{moving} jobs will move on over the next minutes." if moving else "nothing moves."),
            flush=True,
        )
        print("\n".join(usage_lines(fleet.endpoint_url, fleet.region, fleet.credentials)), flush=True)
        wait_for_signal()
    finally:
        fleet.stop()
    print("Demo fleet stopped.", file=sys.stderr)
    return 0


def wait_for_signal() -> None:
    """Block until Ctrl+C or SIGTERM."""
    done = threading.Event()

    def on_term(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        # A timed wait: Python delivers KeyboardInterrupt only between waits on some platforms.
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
