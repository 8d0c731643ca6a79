"""Tab 5, Resources & warm pool: compute, instance groups, warm pool (with a link to the job that
reused it), network, and the stopping condition against the time actually used."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.models import derived, meanings
from tui.models.detail import JobView
from tui.models.timefmt import format_duration, format_exact, format_seconds_human, format_timestamp
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import NOT_CONFIGURED, Section, align_labels, not_configured, one_line, table
from tui.widgets.detail.scroll import PaneScroll

FIELDS = (
    "ResourceConfig",
    "WarmPoolStatus",
    "VpcConfig",
    "StoppingCondition",
    "EnableManagedSpotTraining",
)


#: The link's label width when the pane has not said (it lines up with the pane's label column).
LINK_LABEL_WIDTH = len("Retained billable time")


def _seconds(value: float | None) -> str | None:
    return format_seconds_human(value) if value is not None else None


def build_compute(view: JobView, ctx: RenderContext) -> RenderableType:
    res = view.resources
    if res is None:
        return not_configured("Compute", ctx)
    p = ("ResourceConfig",)
    s = Section("Compute", ctx)
    if res.instance_type is not None or not (res.groups or res.preferences):
        s.row("Instance type", res.instance_type, path=(*p, "InstanceType"))
    if res.instance_count is not None or not res.groups:
        s.row("Instance count", res.instance_count, path=(*p, "InstanceCount"))
    total = derived.total_instance_count(res)
    if res.groups:
        s.row("Instances (all groups)", total)
    if res.selected_instance_type is not None or res.selected_instance_count is not None:
        s.row(
            "Selected instance type",
            res.selected_instance_type,
            path=(*p, "SelectedInstanceType"),
            explain="chosen from the instance preferences",
        )
        s.row("Selected instance count", res.selected_instance_count, path=(*p, "SelectedInstanceCount"))
    s.row(
        "Volume",
        f"{res.volume_gb:,} GB" if res.volume_gb is not None else None,
        path=(*p, "VolumeSizeInGB"),
        explain="ML storage volume per instance" if res.volume_gb else None,
    )
    s.row("Volume KMS key", res.volume_kms_key, path=(*p, "VolumeKmsKeyId"), missing="AWS managed key")
    s.row(
        "Keep-alive period",
        _seconds(res.keep_alive_seconds),
        path=(*p, "KeepAlivePeriodInSeconds"),
        explain="warm pool kept after the job" if res.keep_alive_seconds else None,
        missing="no warm pool requested",
    )
    s.row("Managed spot", view.managed_spot, path=("EnableManagedSpotTraining",))
    s.row("Training plan", res.training_plan_arn, path=(*p, "TrainingPlanArn"), missing="none")
    if res.groups:
        feeds = derived.channels_by_group(view.channels, res.groups)
        s.add(Text(f"Instance groups ({len(res.groups)})", style=ctx.palette.label))
        s.add(
            table(
                ctx,
                ("Group", "Type", "Count", "Channels"),
                (
                    (g.name, g.instance_type, g.count, ", ".join(feeds.get(g.name or "", ())) or None)
                    for g in res.groups
                ),
                fold=(3,),
            )
        )
    if res.preferences:
        s.add(
            Text(f"Instance preferences, in priority order ({len(res.preferences)})", style=ctx.palette.label)
        )
        s.add(
            table(
                ctx,
                ("#", "Type", "Count", "Training plans"),
                (
                    (i + 1, pr.instance_type, pr.count, ", ".join(pr.training_plan_arns) or None)
                    for i, pr in enumerate(res.preferences)
                ),
                fold=(3,),
            )
        )
    if res.has_placement_config:
        s.add(Text("UltraServer placement", style=ctx.palette.label))
        placement = Section("", ctx)
        placement.row(
            "Multiple jobs per UltraServer",
            res.placement_multiple_jobs,
            path=(*p, "InstancePlacementConfig", "EnableMultipleJobs"),
        )
        s.add(placement.grid)
        if res.placements:
            # The UltraServer IDs are values (a table column that folds), never a label cut short.
            s.add(
                table(
                    ctx,
                    ("UltraServer", "Instances"),
                    ((spec.ultra_server_id, spec.count) for spec in res.placements),
                    fold=(0,),
                )
            )
    return s.render()


def build_warm_pool(view: JobView, ctx: RenderContext) -> RenderableType:
    wp = view.warm_pool
    if wp is None:
        return not_configured("Warm pool", ctx, "none reported")
    p = ("WarmPoolStatus",)
    s = Section("Warm pool", ctx)
    s.row(
        "Status",
        wp.status,
        path=(*p, "Status"),
        explain=meanings.meaning(meanings.WARM_POOL_MEANINGS, wp.status),
    )
    s.row(
        "Retained billable time",
        _seconds(wp.retained_billable_seconds),
        path=(*p, "ResourceRetainedBillableTimeInSeconds"),
        explain="billed while the pool was kept",
    )
    expiry = derived.warm_pool_expiry(view)
    if expiry is not None:
        s.row("Lapses around", format_timestamp(expiry, ctx.zone), explain="end of training + keep-alive")
    if wp.reused_by is None:
        s.row("Reused by", None, path=(*p, "ReusedByJob"), missing="not reused")
        return s.render()
    return s.render(gap=False)  # the JobLink row follows, then the gap


def build_network_and_limits(view: JobView, ctx: RenderContext) -> RenderableType:
    net = Section("Network", ctx)
    if not view.has_vpc:
        net.row("VPC", None, missing=NOT_CONFIGURED + " (SageMaker-managed network)")
    else:
        net.row("Security groups", view.vpc_security_groups or None, path=("VpcConfig", "SecurityGroupIds"))
        net.row("Subnets", view.vpc_subnets or None, path=("VpcConfig", "Subnets"))
    limits = derived.stopping_condition_usage(view, ctx.now)
    if view.stopping is None:
        stop: RenderableType = not_configured("Stopping condition", ctx)
    elif not limits:
        stop = not_configured("Stopping condition", ctx, "no limits set")
    else:
        s = Section("Stopping condition", ctx, note="each limit as configured, and the time used against it")
        for u in limits:
            s.row(u.label, usage_text(u, ctx), path=("StoppingCondition", u.field), explain=u.measure)
        stop = s.render()
    return Group(net.render(), stop)


def usage_text(usage: derived.LimitUsage, ctx: RenderContext, width: int = 16) -> Text:
    """The limit exactly as configured, then the time used against it, rounded, with a bar::

        2h 00m 00s (7,200 s)
        used 47m30s  40 % ██████··········

    (the share turns to the warning style at 90 %)."""
    text = Text(format_exact(usage.limit_seconds))
    text.append("\nused ", style=ctx.palette.muted)
    text.append(format_duration(usage.used_seconds))
    frac = usage.fraction
    if frac is None:
        return text
    text.append(f"  {frac * 100:.0f} % ", style=ctx.palette.warning if frac >= 0.9 else "")
    filled = min(width, round(frac * width))
    text.append("█" * filled, style=ctx.palette.for_bar("failed" if frac >= 1 else "normal"))
    text.append("·" * (width - filled), style=ctx.palette.muted)
    return text


class JobLink(Static, can_focus=True):
    """A job name that opens that job's detail screen on Enter (or click)."""

    BINDINGS = [Binding("enter", "open", "Open reusing job", id="detail.open-reused")]

    class Open(Message):
        def __init__(self, job_name: str) -> None:
            super().__init__()
            self.job_name = job_name

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.job_name: str | None = None

    def set_job(
        self, name: str | None, ctx: RenderContext, changed: bool, label_width: int = LINK_LABEL_WIDTH
    ) -> None:
        self.job_name = name
        self.display = name is not None
        if name is not None:
            text = Text()
            text.append("Reused by".ljust(label_width + 2), style=ctx.palette.label)
            text.append(one_line(name), style=ctx.palette.link)
            text.append("  (Enter opens it)", style=ctx.palette.muted)
            if changed:
                text.stylize(ctx.palette.changed)
            self.update(text)

    def action_open(self) -> None:
        if self.job_name:
            self.post_message(self.Open(self.job_name))

    def on_click(self) -> None:
        self.action_open()


class ResourcesPane(PaneScroll):
    BINDINGS = [Binding("enter", "open_reused", "Open reusing job", id="detail.open-reused")]

    def compose(self) -> ComposeResult:
        yield Static(id="resources-compute", classes="pane-content")
        yield Static(id="resources-warm-pool", classes="pane-content")
        yield JobLink(id="resources-reused-by")
        yield Static(id="resources-network", classes="pane-content")

    def show(self, view: JobView, ctx: RenderContext) -> None:
        compute, warm_pool = build_compute(view, ctx), build_warm_pool(view, ctx)
        network = build_network_and_limits(view, ctx)
        label_width = align_labels(compute, warm_pool, network)  # one label column for the pane
        self.query_one("#resources-compute", Static).update(compute)
        self.query_one("#resources-warm-pool", Static).update(warm_pool)
        self.query_one(JobLink).set_job(
            view.warm_pool.reused_by if view.warm_pool else None,
            ctx,
            ctx.is_changed(("WarmPoolStatus", "ReusedByJob")),
            label_width=max(label_width, len("Reused by")),
        )
        self.query_one("#resources-network", Static).update(network)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_reused":
            return self.query_one(JobLink).job_name is not None
        return True

    def action_open_reused(self) -> None:
        self.query_one(JobLink).action_open()
