"""The demo fleet: the fixed showcase jobs plus seeded filler jobs, all timed relative to "now".

``generate_fleet`` is pure and deterministic: the same seed and "now" give the same fleet, job for
job, field for field. The showcase jobs (:mod:`tui.demo.showcase`) do not depend on the seed at all,
so tests can look them up by name; the filler jobs give the list its bulk and variety.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from random import Random
from typing import Any

from tui.demo import catalog as cat
from tui.demo import messages as msg
from tui.demo.builder import Choices, final_metrics, make_request, roll, rule_outcomes_for, spec_from, tell
from tui.demo.lifecycle import Life
from tui.demo.showcase import showcase_jobs
from tui.demo.spec import JobSpec, utc_seconds

DEFAULT_COUNT = 300

#: Outcome weights of finished filler jobs (roughly what a busy account looks like).
HISTORY_OUTCOMES = {
    "Completed": 80,
    "Failed@Training": 4,
    "Failed@Starting": 2,
    "Failed@Downloading": 2,
    "Failed@Uploading": 0.5,
    "Stopped": 6,
    "MaxRuntimeExceeded": 2,
    "MaxWaitTimeExceeded": 1.5,
}
#: How the future of a running filler job ends.
FUTURE_OUTCOMES = {"Completed": 80, "Failed@Training": 10, "Stopped": 10}
#: Which phase a running filler job is in now.
RUNNING_PHASES = {"Starting": 15, "Downloading": 10, "Training": 65, "Interrupted": 5, "Uploading": 5}


def default_running(count: int) -> int:
    """About 4% of the fleet in progress, never fewer than the showcase's running jobs."""
    return max(7, round(count * 0.04))


def generate_fleet(
    seed: int, now: datetime, count: int = DEFAULT_COUNT, running: int | None = None
) -> list[JobSpec]:
    """``count`` jobs, ``running`` of them InProgress at ``now``, ordered by creation time.

    The showcase jobs come first in importance: with ``count`` below the showcase size, or
    ``running`` below the number of running showcase jobs, the least important ones are left out
    (``running=0``: nothing InProgress, though a Stopping job or a warm pool may still change).
    ``running`` is a target: a tiny ``count`` can hold fewer. Full coverage of every shape needs
    the defaults' order of magnitude (``count`` >= 40, ``running`` >= 7).
    """
    now = utc_seconds(now)
    want_running = default_running(count) if running is None else max(0, running)
    chosen: list[JobSpec] = []
    running_left = want_running
    for spec in showcase_jobs(now):
        if len(chosen) >= count:
            break
        if spec.state["TrainingJobStatus"] == "InProgress":
            if running_left <= 0:
                continue
            running_left -= 1
        chosen.append(spec)
    taken = {spec.name for spec in chosen}
    chosen.extend(Filler(Random(seed), now, taken).jobs(count - len(chosen), running_left))
    chosen.sort(key=lambda spec: (spec.state["CreationTime"], spec.name))
    return chosen


@dataclass(frozen=True)
class Story:
    """Everything that decides one filler job's story except its name and creation time."""

    project: cat.Project
    outcome: str
    seed: float
    choices: Choices | None
    extra: Callable[[dict[str, Any], Random], None] | None
    first_message: str

    def tell(self, name: str, created: datetime) -> tuple[dict[str, Any], Life]:
        rng = Random(self.seed)
        c = self.choices or roll(self.project, rng)
        if self.outcome == "MaxWaitTimeExceeded" and not c.spot:
            c = replace(c, spot=True)
        request = make_request(self.project, name, rng, c)
        if self.extra:
            self.extra(request, rng)
        life = Life(
            name,
            created,
            message=self.first_message,
            debug_rules=rule_outcomes_for(request, "DebugRuleConfigurations", rng),
            profiler_rules=rule_outcomes_for(request, "ProfilerRuleConfigurations", rng),
        )
        minutes = self.project.minutes
        train = rng.randint(minutes[0] * 60, minutes[1] * 60)
        tell(life, rng, request, self.outcome, train_seconds=train, metrics=final_metrics(self.project, rng))
        return request, life


class Filler:
    """Seeded jobs that give the fleet its bulk: history, a tuning job's trials, a warm-pool chain,
    and the running jobs the simulator will move."""

    def __init__(self, rng: Random, now: datetime, taken: set[str]) -> None:
        self.rng = rng
        self.now = now
        self.taken = taken

    def jobs(self, count: int, running: int) -> list[JobSpec]:
        specs: list[JobSpec] = []
        if count - running >= 60:
            specs += self.tuning_family(running)
            running -= sum(spec.state["TrainingJobStatus"] == "InProgress" for spec in specs)
        if count - running - len(specs) >= 30:
            specs += self.warm_pool_chain(4)
        if count - running - len(specs) >= 40:
            specs += [self.active(phase="Stopping") for _ in range(2)]
        running = min(running, count - len(specs)) if count > len(specs) else 0
        specs += [self.active() for _ in range(running)]
        while len(specs) < count:
            specs.append(self.historical())
        return specs[:count]

    # -- one job ------------------------------------------------------------------------------
    def build(
        self,
        project: cat.Project,
        place: Callable[[Life], datetime],
        outcome: str,
        *,
        choices: Choices | None = None,
        name_for: Callable[[datetime], str] | None = None,
        extra: Callable[[dict[str, Any], Random], None] | None = None,
        first_message: str = msg.STARTING_LAUNCH,
    ) -> tuple[JobSpec, Life]:
        """Tell the job's story twice: once to learn where ``place`` puts its creation, once for real
        with the name that creation time gives (names embed it, as the SageMaker SDK does)."""
        job_seed = self.rng.random()
        story = Story(project, outcome, job_seed, choices, extra, first_message)
        # Whole seconds: moto keeps milliseconds only, and the fleet must survive the wire unchanged.
        created = place(story.tell("probe", self.now)[1]).replace(microsecond=0)
        name_for = name_for or (lambda at: f"{project.base}-{at:%Y-%m-%d-%H-%M-%S}")
        while name_for(created) in self.taken:
            created += timedelta(seconds=1)
        name = name_for(created)
        self.taken.add(name)
        request, life = story.tell(name, created)
        return spec_from(life, request, self.now), life

    def historical(self) -> JobSpec:
        project = cat.pick_project(self.rng)
        outcome = self.rng.choices(list(HISTORY_OUTCOMES), weights=list(HISTORY_OUTCOMES.values()))[0]
        since_end = timedelta(
            hours=min(self.rng.expovariate(1 / 160), 24 * 120), minutes=self.rng.randint(1, 59)
        )
        spec, _life = self.build(
            project, lambda life: self.now - since_end - (life.cursor - life.created), outcome
        )
        return spec

    def active(self, phase: str | None = None) -> JobSpec:
        """A job caught mid-flight at "now", in ``phase`` (or a seeded one)."""
        rng = self.rng
        phase = phase or rng.choices(list(RUNNING_PHASES), weights=list(RUNNING_PHASES.values()))[0]
        outcome = (
            "Stopped"
            if phase == "Stopping"
            else rng.choices(list(FUTURE_OUTCOMES), weights=list(FUTURE_OUTCOMES.values()))[0]
        )
        project = cat.pick_project(rng)
        short = rng.random() < 0.7  # most running jobs move within the simulator's few minutes
        remain = rng.randint(20, 240)
        frac = rng.random()

        def place(life: Life) -> datetime:
            marks = [*life.marks, ("(end)", life.ended or life.cursor)]
            spans = [(marks[i][1], marks[i + 1][1]) for i in range(len(marks) - 1) if marks[i][0] == phase]
            if not spans:  # e.g. no spot interruption in this story: any in-progress phase will do
                spans = [
                    (marks[i][1], marks[i + 1][1])
                    for i in range(len(marks) - 1)
                    if marks[i][0] in RUNNING_PHASES
                ][-1:]
            start, end = spans[-1]
            span = (end - start).total_seconds()
            offset = span - min(remain, span - 1) if short else max(1, span * frac)
            return self.now - (start - life.created) - timedelta(seconds=offset)

        spec, _life = self.build(project, place, outcome)
        return spec

    # -- families -------------------------------------------------------------------------------
    def tuning_family(self, running: int) -> list[JobSpec]:
        """The training jobs of the demo's hyperparameter tuning jobs (:mod:`tui.demo.tuning_fleet`;
        names and ARNs as SageMaker makes them), at most ``running`` of them in progress."""
        from tui.demo.tuning_fleet import tuning_trials

        return tuning_trials(Random(self.rng.random()), self.now, self.taken, running=running)

    def warm_pool_chain(self, size: int) -> list[JobSpec]:
        """Jobs that each reuse the previous one's warm pool (Reused with ReusedByJob), the last one
        Available or Terminated depending on how long ago it ended."""
        rng = self.rng
        project = next(p for p in cat.PROJECTS if p.base == "xgboost-churn")
        choices = Choices("ml.m5.4xlarge", 1, False, 1800, 7200, False, False)
        created = self.now - timedelta(hours=rng.randint(3, 20))
        specs: list[JobSpec] = []
        previous: tuple[JobSpec, Life] | None = None
        for index in range(size):
            spec, life = self.build(
                project,
                at_time(created),
                "Completed",
                choices=choices,
                first_message=msg.STARTING_WARM_POOL if index else msg.STARTING_LAUNCH,
            )
            if previous is not None:
                prev_spec, prev_life = previous
                prev_life.reuse_pool(life.created, spec.name)
                specs[-1] = spec_from(prev_life, prev_spec.request, self.now)
            specs.append(spec)
            previous = (spec, life)
            created = (life.ended or life.cursor) + timedelta(seconds=rng.randint(60, 900))
            # Stop before a link would still be running now: the chain is history.
            if created >= self.now - timedelta(hours=2):
                break
        return specs


def at_time(moment: datetime) -> Callable[[Life], datetime]:
    """A ``place`` that puts the job's creation at ``moment`` whatever its story."""
    return lambda _life: moment


def fixed_name(name: str) -> Callable[[datetime], str]:
    return lambda _created: name
