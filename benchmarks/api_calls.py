"""API calls per 10 minutes of live refresh (Search change feed, ListTrainingJobs fallback) vs naive.

Run: ``python -m benchmarks.api_calls [--jobs 1000|10000|100000] [--running 20] [--minutes 10]``

Side by side, in one run, over the same simulated minutes and the same fleet, each with its own
boto3 client (counted by its :class:`~tui.aws.counter.CallCounter`) and its own cache file:

* **app, list watched**: the job list screen's refresh. Its :class:`~tui.refresh.ListScheduler`
  (the object the screen uses) decides; the code the screen's worker runs makes the calls
  (:class:`tui.screens.job_list_data.ListJob`: the initial full list, then incremental
  ``changes()`` through :class:`~tui.repository.JobRepository`, its Search change feed and its
  SQLite cache), from the high-water mark the screen computes (the newest LastModifiedTime of its
  rows, merged into a :class:`~tui.models.list_view.JobListModel` as the screen does).
* **app, list, Search denied**: the same where every Search is answered AccessDenied: the
  ListTrainingJobs fallback, its stretched interval, and its retries of Search.
* **app, detail open**: the user opened ``demo-running`` from the list and keeps it open. The list
  made its initial call and is then suspended under the detail screen (no list calls); the detail
  re-describes when its :class:`~tui.refresh.DetailScheduler` says, from the due time
  ``repository.describe()`` returns (10 s for a running job).
* **app, both timers**: the list's refresh and the detail's re-describe sharing one repository, as
  if the list kept refreshing under the detail screen (it does not): the conservative figure, used
  for the headline ratio.
* **naive poller**: every 15 s, list every job (all pages) and describe every job the list says is
  InProgress or Stopping.

Printed beside their targets: list calls per refresh while fewer than 100 jobs change (<= 2), the
naive / app ratio (>= 20x at 10,000 jobs), and how late a change shows in the list (within one
interval with its jitter, plus 1 s), measured from each change's LastModifiedTime.

What is simulated, and what is real:

* Time is a :class:`~tui.clock.FixedClock` advanced from one due event to the next (no waiting):
  the screens' Textual timers are replaced by this loop, which calls what their callbacks call.
  Calls take no simulated time.
* The fleet is the demo fleet in moto's server (real HTTP, real boto3, real botocore retries),
  speaking Search as AWS documents it; its running jobs are moved on by the demo's
  :class:`~tui.demo.simulator.Simulator` (LastModifiedTime included), ticked by this loop on the
  same clock before each call.
* moto pages ListTrainingJobs like AWS documents for StatusEquals: a page of MaxResults jobs is
  cut first and then filtered, so an incremental ListTrainingJobs call walks every page of the
  account, mostly empty ones: the fallback's cost.
* The client's one-list-call-per-second spacing is off here (it changes wall time, not counts).
"""

from __future__ import annotations

import argparse
import heapq
import logging
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.message import Message

from tui.aws.client import ConnectionOptions, build_client
from tui.aws.jobs import ListFilters, describe_training_job, list_training_jobs
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.models.list_view import JobListModel
from tui.refresh import Call, Decision, DetailScheduler, ListScheduler, RefreshPolicy, RefreshState
from tui.repository import JobRepository, RefreshIntervals
from tui.screens.job_list_data import CacheLoaded, ListChanges, ListDone, ListFailed, ListJob, ListPage

LIST = "ListTrainingJobs"
SEARCH = "Search"
DESCRIBE = "DescribeTrainingJob"
#: A fixed start, so two runs with the same seed see the same fleet and the same events.
START = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
RUNNING_STATUSES = ("InProgress", "Stopping")


# -- the app's list screen, minus Textual ------------------------------------------------------
@dataclass
class ListScreenModel:
    """What :class:`~tui.screens.job_list.JobListScreen` does between refreshes, minus Textual: its
    :class:`~tui.refresh.ListScheduler` decides (the same object the screen uses, on this clock),
    :class:`ListJob` makes the calls, and its messages are applied as the screen applies them."""

    repository: JobRepository
    policy: RefreshPolicy
    rng: random.Random
    model: JobListModel = field(default_factory=JobListModel)
    generation: int = 0
    #: Logical list operations (one ListJob run each), their list calls (ListTrainingJobs and
    #: Search), what the incremental ones returned, and the largest cost of one.
    operations: Counter[str] = field(default_factory=Counter)
    list_calls: Counter[str] = field(default_factory=Counter)
    delta_sizes: list[int] = field(default_factory=list)
    tick_calls: list[int] = field(default_factory=list)
    #: Seconds from a job's change (its LastModifiedTime) to the refresh that showed it.
    latencies: list[float] = field(default_factory=list)
    feeds: Counter[str] = field(default_factory=Counter)
    scheduler: ListScheduler = field(init=False)

    def __post_init__(self) -> None:
        clock = self.repository.clock
        self.scheduler = ListScheduler(
            self.policy,
            RefreshState(interval=self.policy.interval),
            monotonic=lambda: clock.now().timestamp(),
            now=clock.now,
            rng=self.rng,
        )
        self._decision: Decision | None = self.scheduler.start()

    def high_water_mark(self) -> datetime | None:
        """As ``JobListScreen._high_water_mark``: the newest LastModifiedTime of the rows held."""
        if not self.model.rows:
            return None
        return datetime.fromtimestamp(max(r.modified for r in self.model.rows.values()), timezone.utc)

    def refresh(self) -> float | None:
        """What the screen's timer does (the first time: what ``on_mount`` does); the delay to the
        next one (None: the scheduler armed no timer)."""
        decision, self._decision = self._decision, None
        if decision is None:
            decision = self.scheduler.timer_fired(held=bool(self.model.rows))
        while decision.call is not None:
            decision = self._run(decision.call)
        return decision.timer

    def _run(self, call: Call) -> Decision:
        counter = self.repository.counter
        before = counter.count(LIST) + counter.count(SEARCH)
        self.generation += 1
        messages: list[Message] = []
        job = ListJob(
            generation=self.generation,
            mode=call.value,
            filters=ListFilters(),
            since=self.high_water_mark(),
            offline=False,
            post=messages.append,
            cancelled=lambda: False,
            search=self.scheduler.use_search,
        )
        job.run(self.repository)
        made = counter.count(LIST) + counter.count(SEARCH) - before
        self.operations[call.value] += 1
        self.list_calls[call.value] += made
        now = self.repository.clock.now().timestamp()
        decision = self.scheduler._decide()
        for message in messages:
            if isinstance(message, CacheLoaded):
                self.model.merge(message.rows)
                self.scheduler.cache_loaded(complete=message.complete, at=message.fetched_at)
            elif isinstance(message, ListPage):
                self.model.merge(message.rows)
            elif isinstance(message, ListChanges):
                first = not self.model.rows
                self.model.set_extras(message.extras)
                result = self.model.merge(message.rows)
                self.model.remove(message.gone)
                self.delta_sizes.append(len(message.rows) + len(message.gone))
                self.tick_calls.append(made)
                self.feeds[message.feed] += 1
                if not first and call is Call.CHANGES:
                    rows = self.model.rows
                    self.latencies += [now - rows[name].modified for name in result.touched if name in rows]
                decision = self.scheduler.done(
                    Call.CHANGES, feed=message.feed, calls=message.calls, search_error=message.search_error
                )
            elif isinstance(message, ListDone):
                decision = self.scheduler.done(Call.FULL)
            elif isinstance(message, ListFailed):
                decision = self.scheduler.failed(message.error)
        self.model.update(now)
        return decision


# -- the app's detail screen, minus Textual ----------------------------------------------------
@dataclass
class DetailScreenModel:
    """``JobDetailScreen._fetch`` (cached copy first, then ``describe()``), the next refresh as its
    :class:`~tui.refresh.DetailScheduler` decides from the due time ``describe()`` returns."""

    repository: JobRepository
    name: str
    statuses: list[str] = field(default_factory=list)
    scheduler: DetailScheduler = field(init=False)

    def __post_init__(self) -> None:
        clock = self.repository.clock
        self.scheduler = DetailScheduler(
            live=True, offline=False, now=clock.now, error_interval=self.repository.intervals.running_job
        )

    def fetch(self, *, first: bool = False) -> float | None:
        if first:
            self.repository.cached_describe(self.name)
        fetched = self.repository.describe(self.name)
        self.statuses.append(str(fetched.value.get("TrainingJobStatus")))
        due = fetched.due_at
        interval = (due - fetched.fetched_at).total_seconds() if due is not None else None
        decision = self.scheduler.loaded(interval=interval, due_at=due, error=fetched.error)
        return decision.timer if decision is not None else None


def deny_search(client: Any) -> None:
    """Answer every Search of this client with AccessDenied, as a policy without sagemaker:Search
    would (a ``before-send`` hook: the error goes through botocore's parsing like a real one)."""
    from botocore.awsrequest import AWSResponse

    class Body:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def stream(self, *_: Any, **__: Any) -> Any:
            yield self.data

        def read(self, *_: Any, **__: Any) -> bytes:
            return self.data

    def denied(**_: Any) -> AWSResponse:
        body = b'{"__type": "AccessDeniedException", "message": "not authorized: sagemaker:Search"}'
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "denied"}
        return AWSResponse("https://denied.invalid", 400, headers, Body(body))

    client.raw.meta.events.register_last("before-send.sagemaker.Search", denied)


# -- the naive poller --------------------------------------------------------------------------
@dataclass
class NaivePoller:
    client: Any
    interval: float = 15.0
    #: Running jobs described on each tick.
    described: list[int] = field(default_factory=list)

    def poll(self) -> float:
        running = []
        for page in list_training_jobs(self.client):
            running += [s["TrainingJobName"] for s in page if s.get("TrainingJobStatus") in RUNNING_STATUSES]
        for name in running:
            describe_training_job(self.client, name)
        self.described.append(len(running))
        return self.interval


# -- the simulation ----------------------------------------------------------------------------
Action = Callable[[], "float | None"]


@dataclass
class Contender:
    label: str
    client: Any
    #: (first due second, action) pairs; an action returns its next delay (None: stop).
    timers: list[tuple[float, Action]]
    list_ops: Callable[[], list[int]] = lambda: []

    @property
    def calls(self) -> dict[str, int]:
        return dict(self.client.counter.snapshot())

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def simulate(contenders: list[Contender], clock: FixedClock, tick: Callable[[datetime], object],
             seconds: float) -> int:
    """Run every timer from the start until ``seconds`` have passed; the number of events run."""
    start = clock.now()
    queue: list[tuple[float, int, Action]] = []
    order = 0
    for contender in contenders:
        for due, action in contender.timers:
            heapq.heappush(queue, (due, order, action))
            order += 1
    events = 0
    while queue and queue[0][0] < seconds:
        due, _, action = heapq.heappop(queue)
        clock.advance(due - (clock.now() - start).total_seconds())
        tick(clock.now())
        delay = action()
        events += 1
        if delay is not None:
            heapq.heappush(queue, (due + delay, order, action))
            order += 1
    clock.advance(seconds - (clock.now() - start).total_seconds())
    tick(clock.now())
    return events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.api_calls", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--running", type=int, default=20, help="jobs InProgress at the start")
    parser.add_argument("--minutes", type=float, default=10.0, help="simulated minutes of live refresh")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--poll", type=float, default=15.0, help="the naive poller's interval (s)")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from tui.demo import RUNNING_JOB, start_demo_fleet
    from tui.demo.server import backend_applier
    from tui.demo.simulator import Simulator

    clock = FixedClock(START)
    t0 = time.perf_counter()
    fleet = start_demo_fleet(seed=args.seed, jobs=args.jobs, running=args.running, simulate=False, now=START)
    simulator = Simulator(fleet.specs, backend_applier(fleet.account, fleet.region), clock=clock)
    options = ConnectionOptions(
        region=fleet.region,
        endpoint_url=fleet.endpoint_url,
        static_credentials=fleet.credentials,
        list_min_interval=0.0,
    )
    start_states = Counter(spec.state["TrainingJobStatus"] for spec in fleet.specs)
    print(f"fleet: {len(fleet.specs):,} jobs {dict(start_states)} in moto at {fleet.endpoint_url} "
          f"(loaded in {time.perf_counter() - t0:.1f} s); the simulator moves "
          f"{len(simulator.active)} unfinished jobs on")
    intervals = RefreshIntervals()
    policy = RefreshPolicy(interval=AppConfig().list_interval, jitter=0.1)
    print(f"app: list every {policy.interval:g} s +/- {policy.jitter:.0%} (incremental), running job "
          f"re-described every {intervals.running_job:g} s, settling every {intervals.settling_job:g} s; "
          f"naive: full list + describe every running job every {args.poll:g} s; "
          f"{args.minutes:g} simulated minutes")

    with tempfile.TemporaryDirectory() as folder:
        stores: list[CacheStore] = []

        def repository() -> JobRepository:
            store = CacheStore(Path(folder) / f"cache-{len(stores)}.sqlite3")
            stores.append(store)
            return JobRepository(build_client(options), store, clock, intervals, options=options)

        def list_screen(repo: JobRepository, seed: int) -> ListScreenModel:
            return ListScreenModel(repo, policy, random.Random(seed))

        # 1. the list screen, watched (Search, the change feed)
        watched_repo = repository()
        watched = list_screen(watched_repo, args.seed)
        # 2. the same, where Search is denied: the ListTrainingJobs fallback
        denied_repo = repository()
        deny_search(denied_repo.client)
        denied = list_screen(denied_repo, args.seed)
        # 3. the detail screen open on a running job; the list beneath made its first call only
        detail_repo = repository()
        beneath = list_screen(detail_repo, args.seed)
        detail = DetailScreenModel(detail_repo, RUNNING_JOB)
        # 4. both timers on one repository (the conservative figure)
        both_repo = repository()
        both_list = list_screen(both_repo, args.seed)
        both_detail = DetailScreenModel(both_repo, RUNNING_JOB)
        # 5. the naive poller
        naive = NaivePoller(build_client(options), args.poll)

        def once(action: Callable[[], object]) -> Action:
            def run() -> float | None:
                action()
                return None

            return run

        # The detail screen opens half a second after the list's first call (a key press).
        contenders = [
            Contender("app, list watched", watched_repo.client, [(0.0, watched.refresh)]),
            Contender("app, list, Search denied (fallback)", denied_repo.client, [(0.0, denied.refresh)]),
            Contender(
                "app, detail open on a running job",
                detail_repo.client,
                [(0.0, once(beneath.refresh)), (0.5, lambda: detail.fetch(first=True))],
            ),
            Contender(
                "app, both timers (conservative)",
                both_repo.client,
                [(0.0, both_list.refresh), (0.5, lambda: both_detail.fetch(first=True))],
            ),
            Contender("naive poller", naive.client, [(0.0, naive.poll)]),
        ]

        wall = time.perf_counter()
        events = simulate(contenders, clock, simulator.tick, args.minutes * 60)
        wall = time.perf_counter() - wall
        end_states = Counter(
            s["TrainingJobStatus"] for page in list_training_jobs(build_client(options)) for s in page
        )
        for store in stores:
            store.close()
    fleet.stop()

    print(f"simulated {args.minutes:g} min ({events} timer events) in {wall:.1f} s of wall time; "
          f"fleet at the end: {dict(end_states)}; {RUNNING_JOB} was "
          f"{' -> '.join(dict.fromkeys(detail.statuses))} throughout")
    print()
    per10 = 10 / args.minutes
    print(f"{'':38} {'List':>6} {'Search':>7} {'Describe':>9} {'total':>6}   per 10 min")
    for contender in contenders:
        calls = contender.calls
        print(f"{contender.label:38} {calls.get(LIST, 0):>6} {calls.get(SEARCH, 0):>7} "
              f"{calls.get(DESCRIBE, 0):>9} {contender.total:>6}   {contender.total * per10:10.0f}")
    for label, model in (("list watched", watched), ("Search denied", denied), ("both timers", both_list)):
        ops = sum(model.operations.values())
        sizes = model.delta_sizes
        print(f"  {label}: {ops} list operations {dict(model.operations)} making {dict(model.list_calls)} "
              f"list/Search calls, feeds {dict(model.feeds)}; each incremental one returned "
              f"{min(sizes, default=0)}-{max(sizes, default=0)} summaries (median "
              f"{sorted(sizes)[len(sizes) // 2] if sizes else 0}) for "
              f"{min(model.tick_calls, default=0)}-{max(model.tick_calls, default=0)} calls; "
              f"header: {model.scheduler.words()!r}")
    ticks = naive.described
    print(f"  naive: {len(ticks)} ticks described {ticks[0] if ticks else 0} running jobs at first, "
          f"{ticks[-1] if ticks else 0} at the end (mean {sum(ticks) / max(len(ticks), 1):.1f})")

    naive_total = contenders[4].total
    both = contenders[3].total
    ratio = naive_total / max(both, 1)
    ratio_list = naive_total / max(contenders[0].total, 1)
    ratio_fallback = naive_total / max(contenders[1].total, 1)
    searched = [n for n, size in zip(watched.tick_calls, watched.delta_sizes, strict=True) if size < 100]
    per_tick = max(searched, default=0)
    latency = max(watched.latencies, default=float("nan"))
    latency_fallback = max(denied.latencies, default=float("nan"))
    visible_target = policy.interval * (1 + policy.jitter) + 1.0
    print()
    print("targets, measured side by side:")
    print(f"  list calls per refresh while < 100 jobs change (Search): at most {per_tick} "
          f"(target <= 2) {'met' if per_tick <= 2 else 'MISSED'}")
    print(f"  naive / app, list watched: {naive_total} / {contenders[0].total} = {ratio_list:.1f}x")
    print(f"  naive / app, both timers (conservative): {naive_total} / {both} = {ratio:.1f}x "
          f"(target >= 20x at 10,000 jobs{'' if len(fleet.specs) >= 10_000 else '; this fleet is smaller'})")
    print(f"  naive / app, Search denied (fallback): {naive_total} / {contenders[1].total} = "
          f"{ratio_fallback:.1f}x")
    print(f"  a change visible in the list after at most {latency:.1f} s with Search "
          f"({len(watched.latencies)} changes seen; target: one interval with its jitter + 1 s = "
          f"{visible_target:g} s) {'met' if latency <= visible_target else 'MISSED'}; "
          f"{latency_fallback:.1f} s on the fallback")

    from benchmarks.common import result

    per = f"per {args.minutes:g} min, {len(fleet.specs):,} jobs, {args.running} running"
    result("api.app_both", both, "calls", f"API calls {per}: app, list + open running job")
    result("api.app_list", contenders[0].total, "calls", f"API calls {per}: app, list only (Search)")
    result("api.app_fallback", contenders[1].total, "calls", f"API calls {per}: app, list, Search denied")
    result("api.app_detail", contenders[2].total, "calls", f"API calls {per}: app, detail open, list beneath")
    result("api.naive", naive_total, "calls", f"API calls {per}: naive poller")
    # The 20x target is set for 10,000 jobs: on a smaller fleet the naive poller's walk is shorter.
    at_scale = len(fleet.specs) >= 10_000
    result("api.ratio", ratio, "x", "Naive poller / app (both timers), API calls",
           target=20 if at_scale else None, better="higher")
    result("api.calls_per_tick", per_tick, "calls", "List calls per refresh, < 100 changes (Search)",
           target=2.5)
    result("api.change_visible", latency, "s", "Change visible in the list after (max)",
           target=visible_target + 0.001)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
