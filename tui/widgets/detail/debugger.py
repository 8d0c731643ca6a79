"""Tab 6, Debugger & profiler: hook and collections, rules joined with their evaluation statuses,
TensorBoard output, profiler config and profiler rules. Says plainly when nothing is configured."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.models import derived, meanings
from tui.models.derived import RuleRow
from tui.models.detail import JobView, RuleStatus
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import Section, aligned, not_configured, one_line, when
from tui.widgets.detail.laid_out import pane_content
from tui.widgets.detail.scroll import PaneScroll

FIELDS = (
    "DebugHookConfig",
    "DebugRuleConfigurations",
    "DebugRuleEvaluationStatuses",
    "TensorBoardOutputConfig",
    "ProfilerConfig",
    "ProfilerRuleConfigurations",
    "ProfilerRuleEvaluationStatuses",
    "ProfilingStatus",
)


def changed_rule_names(statuses: Sequence[RuleStatus], field: str, ctx: RenderContext) -> frozenset[str]:
    """Names of the rules whose evaluation status changed in the last refresh."""
    names: set[str] = set()
    for c in ctx.changed:
        if not c or c[0] != field:
            continue
        if len(c) == 1:
            names.update(st.name or "" for st in statuses)
        elif isinstance(c[1], int) and 0 <= c[1] < len(statuses):
            names.add(statuses[c[1]].name or "")
    return frozenset(names)


def _rule(row: RuleRow, ctx: RenderContext, changed: frozenset[str]) -> RenderableType:
    status = row.status.status if row.status else None
    # Styles go on the spans: a Text's own style would bleed into everything appended to it.
    title = Text()
    title.append("● ", style=ctx.palette.for_rule(status))
    title.append(one_line(row.name), style=ctx.palette.title)
    title.append("  ")
    title.append(
        one_line(status) if status else "no evaluation status",
        style=ctx.palette.for_rule(status) if status else ctx.palette.muted,
    )
    if row.status is not None and (row.status.name or "") in changed:
        title.stylize(ctx.palette.changed)
    s = Section("", ctx)
    if status:
        s.row("Meaning", meanings.meaning(meanings.RULE_STATUS_MEANINGS, status) or "-")
    if row.status is not None:
        if row.status.details is not None:
            s.row(
                "Details",
                row.status.details,
                style=ctx.palette.for_rule(status) if status in ("IssuesFound", "Error") else None,
            )
        s.row("Last modified", when(row.status.last_modified, ctx))
        s.row("Evaluation job", row.status.job_arn)
    cfg = row.config
    if cfg is None:
        s.row("Configuration", None, missing="no configuration with this name in the response")
    else:
        s.row("Evaluator image", cfg.image)
        s.row("Instance type", cfg.instance_type)
        s.row("Volume", f"{cfg.volume_gb:,} GB" if cfg.volume_gb is not None else None)
        s.row("S3 output", cfg.s3_output_path)
        s.row("Local path", cfg.local_path)
        if cfg.parameters:
            for key in sorted(cfg.parameters, key=str.casefold):
                s.row(f"param {key}", cfg.parameters[key])
        else:
            s.row("Rule parameters", None, missing="none")
    return Group(title, s.grid, Text(""))


def _rules(
    title: str, rows: Sequence[RuleRow], ctx: RenderContext, changed: frozenset[str]
) -> list[RenderableType]:
    if not rows:
        return [not_configured(title, ctx, "none configured")]
    counts: dict[str, int] = {}
    for r in rows:
        key = r.status.status if r.status and r.status.status else "no status"
        counts[key] = counts.get(key, 0) + 1
    head = Text()
    head.append(f"{title} ({len(rows)})", style=ctx.palette.title)
    head.append("  ")
    for i, (status, n) in enumerate(sorted(counts.items())):
        if i:
            head.append(", ", style=ctx.palette.muted)
        head.append(f"{n} {one_line(status)}", style=ctx.palette.for_rule(status))
    return [head, *(_rule(r, ctx, changed) for r in rows)]


def build_debugger(view: JobView, ctx: RenderContext) -> RenderableType:
    parts: list[RenderableType] = []
    rows = derived.join_rules(view.debug_rules, view.debug_rule_statuses)
    if view.debug_hook is None and not rows and view.tensorboard is None:
        parts.append(
            not_configured("Debugger", ctx, "not configured: no debug hook, no rules, no TensorBoard output")
        )
    else:
        hook = view.debug_hook
        if hook is None:
            parts.append(not_configured("Debug hook", ctx))
        else:
            s = Section("Debug hook", ctx)
            s.row("S3 output", hook.s3_output_path, path=("DebugHookConfig", "S3OutputPath"))
            s.row(
                "Local path",
                hook.local_path,
                path=("DebugHookConfig", "LocalPath"),
                missing="/opt/ml/output/tensors (default)",
            )
            if hook.hook_parameters:
                for key in sorted(hook.hook_parameters, key=str.casefold):
                    s.row(
                        f"hook {key}",
                        hook.hook_parameters[key],
                        path=("DebugHookConfig", "HookParameters", key),
                    )
            else:
                s.row("Hook parameters", None, missing="none")
            if hook.collections:
                s.add(Text(f"Collections ({len(hook.collections)})", style=ctx.palette.label))
                for c in hook.collections:
                    params = ", ".join(f"{k}={v}" for k, v in sorted(c.parameters.items())) or "no parameters"
                    line = Text("  ")
                    line.append(one_line(c.name or "-"), style=ctx.palette.title)
                    line.append(f"  {one_line(params)}", style=ctx.palette.muted)
                    s.add(line)
            else:
                s.row("Collections", None, missing="none")
            parts.append(s.render())
        changed = changed_rule_names(view.debug_rule_statuses, "DebugRuleEvaluationStatuses", ctx)
        parts.extend(_rules("Debugger rules", rows, ctx, changed))
        tb = view.tensorboard
        if tb is None:
            parts.append(not_configured("TensorBoard output", ctx))
        else:
            s = Section("TensorBoard output", ctx)
            s.row("S3 output", tb.s3_uri, path=("TensorBoardOutputConfig", "S3OutputPath"))
            s.row(
                "Local path",
                tb.local_path,
                path=("TensorBoardOutputConfig", "LocalPath"),
                missing="/opt/ml/output/tensorboard (default)",
            )
            parts.append(s.render())
    parts.extend(_profiler(view, ctx))
    return aligned(Group(*parts))


def _profiler(view: JobView, ctx: RenderContext) -> list[RenderableType]:
    prof = view.profiler
    rows = derived.join_rules(view.profiler_rules, view.profiler_rule_statuses)
    status = view.profiling_status
    if prof is None and not rows and status is None:
        return [not_configured("Profiler", ctx, "not configured")]
    s = Section("Profiler", ctx)
    s.row(
        "Profiling status",
        status,
        path=("ProfilingStatus",),
        explain={"Enabled": "system metrics are being collected", "Disabled": "no profiling data"}.get(
            status or ""
        ),
    )
    if prof is None:
        s.row("Profiler config", None, missing="not configured")
    else:
        p = ("ProfilerConfig",)
        s.row("S3 output", prof.s3_output_path, path=(*p, "S3OutputPath"))
        interval = prof.interval_ms
        s.row(
            "Sampling interval",
            f"{interval:,} ms" if interval is not None else None,
            path=(*p, "ProfilingIntervalInMilliseconds"),
            missing="500 ms (default)",
        )
        s.row("Profiler disabled", prof.disabled, path=(*p, "DisableProfiler"), missing="no")
        if prof.parameters:
            for key in sorted(prof.parameters, key=str.casefold):
                s.row(f"param {key}", prof.parameters[key], path=(*p, "ProfilingParameters", key))
        else:
            s.row("Profiling parameters", None, missing="none")
    changed = changed_rule_names(view.profiler_rule_statuses, "ProfilerRuleEvaluationStatuses", ctx)
    return [s.render(), *_rules("Profiler rules", rows, ctx, changed)]


class DebuggerPane(PaneScroll):
    def compose(self) -> ComposeResult:
        yield Static(id="debugger-content", classes="pane-content")

    def show(self, view: JobView, ctx: RenderContext) -> None:
        content = self.query_one("#debugger-content", Static)
        content.update(pane_content(content, build_debugger(view, ctx)))
