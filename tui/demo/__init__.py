"""The embedded demo fleet: about 300 realistic training jobs served by moto on 127.0.0.1.

A newcomer with no AWS account sees everything the app does; the app talks to the fleet through
the very same boto3 code path as to AWS, via the endpoint URL.

- :func:`tui.demo.fleet.generate_fleet` (pure, deterministic) makes the jobs;
  :mod:`tui.demo.showcase` / :data:`tui.demo.names.ROLES` are the fixed jobs that cover every shape
  of the API (``demo-maximal``, ``demo-failed``, ``demo-running``, ``demo-minimal`` among them).
- :func:`start_demo_fleet` starts moto's server in this process and loads the fleet into it;
  :func:`attach_demo_fleet` loads one into a server already running in this process (tests).
- :mod:`tui.demo.simulator` moves running jobs on over the next minutes.

One liberty with the real service: ``transformer-grid-hyperparameter-stress`` has 300
hyperparameters, beyond the API's limit of 100, to stress the UI.

Nothing here imports textual; moto is imported only when a fleet is started.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from tui.clock import Clock
from tui.demo.fleet import DEFAULT_COUNT, generate_fleet
from tui.demo.names import FAILED_JOB, LONG_NAME, MAXIMAL_JOB, MINIMAL_JOB, ROLES, RUNNING_JOB
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION, JobSpec

if TYPE_CHECKING:
    from tui.demo.server import DemoFleet

__all__ = [
    "DEFAULT_COUNT",
    "DEMO_ACCOUNT",
    "DEMO_REGION",
    "FAILED_JOB",
    "LONG_NAME",
    "MAXIMAL_JOB",
    "MINIMAL_JOB",
    "ROLES",
    "RUNNING_JOB",
    "DemoFleet",
    "JobSpec",
    "attach_demo_fleet",
    "generate_fleet",
    "start_demo_fleet",
]


def start_demo_fleet(
    seed: int | None = None,
    *,
    jobs: int = DEFAULT_COUNT,
    running: int | None = None,
    simulate: bool = True,
    now: datetime | None = None,
    port: int = 0,
    clock: Clock | None = None,
    tick_seconds: float = 1.0,
) -> DemoFleet:
    """Start moto's server on 127.0.0.1 (``port`` 0 = a free one) and load a fleet into it.

    ``seed`` None picks one (kept in ``fleet.seed`` so a run can be reproduced); ``now`` defaults to
    the clock's (or the system's) time; ``simulate`` starts the simulator thread. The result has
    ``.endpoint_url``, ``.region``, ``.credentials``, ``.names``, ``.simulator``, ``.stop()`` and is a
    context manager. Raises :class:`tui.demo.server.DemoError` (one sentence) when it cannot start.
    """
    from tui.demo.server import build_fleet, start_server

    started = time.perf_counter()
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    moment = now or (clock.now() if clock else datetime.now(timezone.utc))
    specs = generate_fleet(seed, moment, jobs, running)
    server, url = start_server(port)
    try:
        return build_fleet(
            url,
            specs,
            seed=seed,
            simulate=simulate,
            clock=clock,
            interval=tick_seconds,
            server=server,
            started=started,
            now=moment,
        )
    except BaseException:
        server.stop()
        raise


def attach_demo_fleet(
    endpoint_url: str,
    seed: int = 0,
    *,
    jobs: int = DEFAULT_COUNT,
    running: int | None = None,
    simulate: bool = False,
    now: datetime | None = None,
    clock: Clock | None = None,
    tick_seconds: float = 1.0,
) -> DemoFleet:
    """Load a fleet into a moto server already running in this process (e.g. the tests'
    ``moto_server`` fixture). ``stop()`` stops the simulator only; the server is not ours."""
    from tui.demo.server import build_fleet

    started = time.perf_counter()
    moment = now or (clock.now() if clock else datetime.now(timezone.utc))
    specs = generate_fleet(seed, moment, jobs, running)
    return build_fleet(
        endpoint_url, specs, seed=seed, simulate=simulate, clock=clock, interval=tick_seconds,
        started=started, now=moment,
    )
