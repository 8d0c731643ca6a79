"""Serve the demo fleet from moto's server in this process, through the real SageMaker API.

Each job is created with a real CreateTrainingJob call over HTTP (what moto models: the request),
then the fields moto does not model (statuses, times, transitions, warm pool, rules, metrics ...)
are set on its backend job object, which moto serialises into DescribeTrainingJob responses through
botocore's model. Times go in as naive UTC datetimes, as moto stores them (aware ones break its
CreationTimeAfter/LastModifiedTimeAfter filters). This only works with the server in this process.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

from tui.aws.errors import AwsError
from tui.clock import Clock, FixedClock, SystemClock
from tui.demo.search import install as install_search
from tui.demo.simulator import Simulator
from tui.demo.spec import DEMO_REGION, JobSpec
from tui.demo.stop import install as install_stop
from tui.demo.stop import stopper_for
from tui.demo.tuning import install as install_tuning

DEMO_CREDENTIALS = ("demo", "demo")
CREATE_THREADS = 4


class DemoError(AwsError):
    """The demo fleet could not start (moto missing, port taken, server in another process ...)."""


def load_fleet(
    endpoint_url: str,
    specs: Sequence[JobSpec],
    *,
    credentials: tuple[str, str] = DEMO_CREDENTIALS,
    region: str = DEMO_REGION,
) -> str:
    """Create every job through the API at ``endpoint_url``, then fill in what moto does not model.

    Returns the account the jobs live in. The fleet's jobs are listed in ``specs`` order (creation
    time), after any jobs the server already had; a job with the same name is replaced.
    """
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "sagemaker",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=credentials[0],
        aws_secret_access_key=credentials[1],
        config=Config(retries={"max_attempts": 2, "mode": "standard"}, max_pool_connections=CREATE_THREADS),
    )
    if not specs:
        return ""
    install_search()  # a server started elsewhere in this process answers Search as AWS does
    install_stop()  # ... and StopTrainingJob
    install_tuning()  # ... and tuning jobs
    # A few calls in flight: client and server then overlap their work (300 jobs: ~2.1 s -> ~1.3 s
    # measured); the order they land in does not matter, the listing order is set below.
    with ThreadPoolExecutor(CREATE_THREADS) as pool:
        arns = list(
            pool.map(lambda spec: client.create_training_job(**spec.request)["TrainingJobArn"], specs)
        )
    account = arns[0].split(":")[4]
    backend = sagemaker_backend(account, region)
    missing = [spec.name for spec in specs if spec.name not in backend.training_jobs]
    if missing:
        raise DemoError(
            f"The moto server at {endpoint_url} does not run in this process: the demo fleet must be "
            "loaded into an in-process server (moto.server.ThreadedMotoServer)."
        )
    # The client's own model: loading another copy of the SageMaker model costs ~0.2 s.
    members = tuple(client.meta.service_model.operation_model("DescribeTrainingJob").output_shape.members)
    for spec in specs:
        write_describe(backend.training_jobs[spec.name], spec.describe(account, region), members)
    names = {spec.name for spec in specs}
    others = {k: v for k, v in backend.training_jobs.items() if k not in names}
    # moto lists jobs in insertion order (it ignores SortBy); creation order is what AWS defaults to.
    backend.training_jobs = {**others, **{spec.name: backend.training_jobs[spec.name] for spec in specs}}
    enrich_summaries(backend)
    from tui.demo.tuning_fleet import load_tuning_jobs

    load_tuning_jobs(client, backend, specs, naive_utc)
    return account


def sagemaker_backend(account: str, region: str) -> Any:
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[account][region]


def write_describe(job: Any, describe: Mapping[str, Any], members: Sequence[str]) -> None:
    """Make moto's job object serialise to ``describe``: every member of the output shape
    (``members``) is set, None where absent (moto leaves those out), so later updates never add
    attributes while a server thread iterates them."""
    for member in members:
        if member == "TrainingJobArn":
            continue  # moto keeps it as ``arn`` and renames it on the way out
        setattr(job, attribute_name(member), naive_utc(describe.get(member)))


def update_job(job: Any, changes: Mapping[str, Any]) -> None:
    for member, value in changes.items():
        setattr(job, attribute_name(member), naive_utc(value))


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def attribute_name(member: str) -> str:
    """The attribute moto's ``gen_response_object`` turns into ``member``: snake_case, whose
    ``_``-separated words title-case back to the member name (``AutoMLJobArn`` -> ``auto_m_l_job_arn``)."""
    snake = _CAMEL.sub("_", member).lower()
    if "".join(word.title() for word in snake.split("_")) == member:
        return snake
    return member  # no underscore: moto only upper-cases the first letter


def naive_utc(value: Any) -> Any:
    """Aware datetimes (anywhere inside ``value``) as naive UTC, the way moto stores times."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, Mapping):
        return {k: naive_utc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [naive_utc(v) for v in value]
    return value


def enrich_summaries(backend: Any) -> None:
    """Add SecondaryStatus, WarmPoolStatus and TrainingPlanArn to moto's ListTrainingJobs summaries
    (AWS returns them; moto's summaries stop at the primary status). Set on this backend instance
    only, so a moto reset (which rebuilds backends) removes it."""
    if getattr(backend, "_demo_enriched", False):
        return
    original = backend.list_training_jobs

    def list_training_jobs(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        for summary in result["TrainingJobSummaries"]:
            job = backend.training_jobs.get(summary["TrainingJobName"])
            if job is None:
                continue
            summary["SecondaryStatus"] = job.secondary_status
            pool = getattr(job, "warm_pool_status", None)
            if pool:
                summary["WarmPoolStatus"] = pool
            plan = (getattr(job, "resource_config", None) or {}).get("TrainingPlanArn")
            if plan:
                summary["TrainingPlanArn"] = plan
        return result

    backend.list_training_jobs = list_training_jobs
    backend._demo_enriched = True


def serve_metrics(account: str, specs: Sequence[JobSpec], clock: Clock | None) -> None:
    """Metrics for every job, published into moto's CloudWatch when first asked (tui/demo/metrics.py)."""
    from moto.cloudwatch.models import cloudwatch_backends

    from tui.demo.metrics import DemoMetrics, install

    fields = (
        "TrainingJobName", "TrainingJobStatus", "AlgorithmSpecification", "ResourceConfig",
        "CreationTime", "TrainingStartTime", "TrainingEndTime", "StoppingCondition",
    )

    def describe(name: str) -> dict[str, Any] | None:
        job = sagemaker_backend(account, DEMO_REGION).training_jobs.get(name)
        if job is None:
            return None
        return {f: getattr(job, attribute_name(f), None) for f in fields}

    now = (clock or SystemClock()).now
    metrics = DemoMetrics(describe, {spec.name: spec.role for spec in specs}, now)
    install(cloudwatch_backends[account][DEMO_REGION], metrics)


def backend_applier(account: str, region: str) -> Any:
    """The simulator's hook: write changed fields onto the live backend job (looked up each time,
    since a moto reset replaces the backend); False when the job is gone."""

    def apply(name: str, changes: dict[str, Any]) -> bool:
        job = sagemaker_backend(account, region).training_jobs.get(name)
        if job is None:
            return False
        update_job(job, changes)
        return True

    return apply


class DemoFleet:
    """A loaded demo fleet: where to reach it, what is in it, and how to stop it."""

    region = DEMO_REGION
    credentials = DEMO_CREDENTIALS

    def __init__(
        self,
        endpoint_url: str,
        specs: Sequence[JobSpec],
        *,
        seed: int,
        account: str,
        simulator: Simulator | None,
        server: Any = None,
        startup_seconds: float = 0.0,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.specs = list(specs)
        self.seed = seed
        self.account = account
        self.simulator = simulator
        self.startup_seconds = startup_seconds
        self._server = server

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    def spec(self, name: str) -> JobSpec:
        return next(spec for spec in self.specs if spec.name == name)

    def stop(self) -> None:
        """Stop the simulator and, when this fleet started it, the server. Safe to call twice."""
        if self.simulator is not None:
            self.simulator.stop()
        if self._server is not None:
            server, self._server = self._server, None
            server.stop()

    def __enter__(self) -> DemoFleet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ShiftedClock:
    """Real time, shifted so that it starts at ``at`` (the fleet's "now"); the system clock when None."""

    def __init__(self, at: datetime | None) -> None:
        self._offset = (at - datetime.now(timezone.utc)) if at is not None else None

    def now(self) -> datetime:
        real = datetime.now(timezone.utc)
        return real + self._offset if self._offset is not None else real


def start_server(port: int = 0) -> tuple[Any, str]:
    """moto's ThreadedMotoServer on 127.0.0.1 (``port`` 0 = a free one), quiet; (server, URL)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        raise DemoError("The demo fleet needs moto's server: pip install 'sagemaker-tui[demo]'.") from None

    class CheckedServer(ThreadedMotoServer):
        """Reports a failure to bind instead of hanging in start(): werkzeug calls sys.exit() in the
        server thread, and moto's start() then waits forever for a ready signal."""

        failure: BaseException | None = None

        def _server_entry(self) -> None:
            try:
                super()._server_entry()
            except BaseException as exc:  # SystemExit from werkzeug included
                self.failure = exc
                self._server_ready_event.set()

    if port:
        check_port_free(port)
    install_search()
    install_stop()
    install_tuning()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = CheckedServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    if server.failure is not None:
        raise DemoError(f"Cannot serve the demo fleet on 127.0.0.1:{port}.")
    host, bound = server.get_host_and_port()
    return server, f"http://{host}:{bound}"


def check_port_free(port: int) -> None:
    """One clear sentence for a taken port, before werkzeug prints its own advice and exits."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug binds
        probe.bind(("127.0.0.1", port))
    except OSError as exc:
        raise DemoError(f"Cannot serve the demo fleet on 127.0.0.1:{port}: {exc.strerror}.") from None
    finally:
        probe.close()


def build_fleet(
    endpoint_url: str,
    specs: Sequence[JobSpec],
    *,
    seed: int,
    simulate: bool,
    clock: Clock | None,
    interval: float,
    server: Any = None,
    started: float,
    now: datetime | None = None,
) -> DemoFleet:
    account = load_fleet(endpoint_url, specs)
    simulator = None
    if simulate:
        simulator = Simulator(specs, backend_applier(account, DEMO_REGION), clock=clock, interval=interval)
        simulator.start()
    if account:
        # Stops move on with the fleet's clock, as its logs do; the simulator forgets a stopped job.
        stopper = stopper_for(sagemaker_backend(account, DEMO_REGION), clock or ShiftedClock(now))
        if simulator is not None:
            stopper.on_stop.append(simulator.forget)
    # A fleet frozen at ``now`` (tests, screenshots) publishes metrics up to that moment only.
    frozen = FixedClock(now) if now is not None and not simulate else None
    serve_metrics(account, specs, clock or frozen)
    if account:
        from tui.demo.log_server import DemoLogs

        # Logs are timed on the fleet's "now", moving on with real time when no clock is given.
        DemoLogs(account, DEMO_REGION, clock or ShiftedClock(now)).install()
    return DemoFleet(
        endpoint_url,
        specs,
        seed=seed,
        account=account,
        simulator=simulator,
        server=server,
        startup_seconds=time.perf_counter() - started,
    )
