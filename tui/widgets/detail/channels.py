"""Tab 4, Input channels: one block per channel, with what each setting means."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.models import derived, meanings
from tui.models.derived import Path
from tui.models.detail import Channel, JobView
from tui.models.detail_data import S3Source
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import Section, aligned, not_configured, one_line
from tui.widgets.detail.laid_out import pane_content
from tui.widgets.detail.scroll import PaneScroll

FIELDS = ("InputDataConfig",)


def _channel(channel: Channel, view: JobView, ctx: RenderContext) -> RenderableType:
    p = ("InputDataConfig", channel.index)
    s = Section(f"Channel {channel.label}", ctx)
    s.row("Name", channel.name, path=(*p, "ChannelName"))
    _source_rows(s, channel, view, (*p, "DataSource"))
    _reading_rows(s, channel, view, p)
    return s.render()


def _source_rows(s: Section, channel: Channel, view: JobView, src: Path) -> None:
    """Where the channel's data comes from: S3, a file system or a dataset."""
    if channel.s3 is not None:
        _s3_rows(s, channel.s3, view, (*src, "S3DataSource"))
    if channel.file_system is not None:
        fs = channel.file_system
        fp = (*src, "FileSystemDataSource")
        s.row("Source", f"file system ({fs.file_system_type or '?'})")
        s.row("File system ID", fs.file_system_id, path=(*fp, "FileSystemId"))
        s.row(
            "Type",
            fs.file_system_type,
            path=(*fp, "FileSystemType"),
            explain={"EFS": "Amazon EFS", "FSxLustre": "Amazon FSx for Lustre"}.get(
                fs.file_system_type or ""
            ),
        )
        s.row("Directory", fs.directory_path, path=(*fp, "DirectoryPath"))
        s.row(
            "Access mode",
            fs.access_mode,
            path=(*fp, "FileSystemAccessMode"),
            explain={"ro": "read-only", "rw": "read-write"}.get(fs.access_mode or ""),
        )
    if channel.dataset_arn is not None:
        s.row("Source", "dataset")
        s.row("Dataset", channel.dataset_arn, path=(*src, "DatasetSource", "DatasetArn"))
    if channel.s3 is None and channel.file_system is None and channel.dataset_arn is None:
        s.row("Source", None, missing="no data source in the response")


def _s3_rows(s: Section, s3: S3Source, view: JobView, sp: Path) -> None:
    s.row("Source", "S3")
    s.row("S3 URI", s3.uri, path=(*sp, "S3Uri"))
    s.row(
        "S3 data type",
        s3.data_type,
        path=(*sp, "S3DataType"),
        explain=meanings.meaning(meanings.S3_DATA_TYPE_MEANINGS, s3.data_type),
    )
    s.row(
        "Distribution",
        s3.distribution,
        path=(*sp, "S3DataDistributionType"),
        explain=meanings.meaning(meanings.DISTRIBUTION_MEANINGS, s3.distribution),
        missing="FullyReplicated (default)",
    )
    if s3.attribute_names:
        s.row("Attribute names", ", ".join(s3.attribute_names), path=(*sp, "AttributeNames"))
    groups = view.resources.groups if view.resources else ()
    if s3.instance_group_names:
        s.row("Instance groups", ", ".join(s3.instance_group_names), path=(*sp, "InstanceGroupNames"))
    elif groups:
        s.row("Instance groups", "all groups", explain="(no InstanceGroupNames set)")
    if s3.has_model_access_config:
        s.row("Model access: accept EULA", s3.accept_eula, path=(*sp, "ModelAccessConfig"))
    if s3.has_hub_access_config:
        s.row("Hub content", s3.hub_content_arn, path=(*sp, "HubAccessConfig"))


def _reading_rows(s: Section, channel: Channel, view: JobView, p: Path) -> None:
    """How the job reads the channel: input mode, content type, compression, records, shuffling."""
    mode = derived.effective_input_mode(channel, view.algorithm.input_mode if view.algorithm else None)
    if mode.mode is None:
        s.row("Input mode", None, path=(*p, "InputMode"))
    else:
        origin = (
            "set on this channel" if mode.source == "channel" else "from the algorithm's TrainingInputMode"
        )
        explain = meanings.meaning(meanings.INPUT_MODE_MEANINGS, mode.mode)
        s.row(
            "Input mode",
            mode.mode,
            path=(*p, "InputMode"),
            explain=f"{origin}; {explain}" if explain else origin,
        )
    s.row("Content type", channel.content_type, path=(*p, "ContentType"))
    s.row(
        "Compression",
        channel.compression,
        path=(*p, "CompressionType"),
        explain=meanings.meaning(meanings.COMPRESSION_MEANINGS, channel.compression),
        missing="None (default)",
    )
    s.row(
        "Record wrapper",
        channel.record_wrapper,
        path=(*p, "RecordWrapperType"),
        explain=meanings.meaning(meanings.RECORD_WRAPPER_MEANINGS, channel.record_wrapper),
        missing="None (default)",
    )
    if channel.has_shuffle_config:
        s.row(
            "Shuffle seed",
            channel.shuffle_seed,
            path=(*p, "ShuffleConfig", "Seed"),
            explain="S3 objects shuffled per epoch with this seed",
        )
    else:
        s.row("Shuffle", None, missing="not shuffled")


def build_channels(view: JobView, ctx: RenderContext) -> RenderableType:
    if not view.channels:
        return not_configured("Input channels", ctx, "none: this job reads no input data")
    algo_mode = view.algorithm.input_mode if view.algorithm else None
    head = Text()
    head.append(
        f"{len(view.channels)} input channel{'s' if len(view.channels) != 1 else ''}", ctx.palette.title
    )
    head.append(f"  · algorithm input mode: {one_line(algo_mode or '-')}", style=ctx.palette.muted)
    return aligned(Group(head, Text(""), *(_channel(c, view, ctx) for c in view.channels)))


class ChannelsPane(PaneScroll):
    def compose(self) -> ComposeResult:
        yield Static(id="channels-content", classes="pane-content")

    def show(self, view: JobView, ctx: RenderContext) -> None:
        content = self.query_one("#channels-content", Static)
        content.update(pane_content(content, build_channels(view, ctx)))
