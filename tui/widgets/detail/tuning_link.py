"""The overview's link to the tuning job that launched this training job (Enter or a click opens
it). Shown only for a training job with a ``TuningJobArn``."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.models.tuning import tuning_name_of
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import one_line
from tui.widgets.tuning_messages import OpenTuningJob


class TuningLink(Static):
    """``Tuning job  NAME  (Enter opens it)``."""

    DEFAULT_CSS = "TuningLink { height: auto; padding: 0 1; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.tuning_name: str | None = None
        self.display = False

    def set_arn(self, arn: str | None, ctx: RenderContext) -> None:
        self.tuning_name = tuning_name_of(arn)
        self.display = self.tuning_name is not None
        if self.tuning_name is not None:
            text = Text()
            text.append("Part of tuning job  ", style=ctx.palette.label)
            text.append(one_line(self.tuning_name), style=ctx.palette.link)
            text.append("  (Enter opens it)", style=ctx.palette.muted)
            self.update(text)

    def open(self) -> bool:
        if self.tuning_name is None:
            return False
        self.post_message(OpenTuningJob(self.tuning_name))
        return True

    def on_click(self) -> None:
        self.open()
