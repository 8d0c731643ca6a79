"""``--where EXPR`` on the command line: the query parsed once (a mistake is one line naming the
column, exit 252) and, for ``sagemaker-tui list --where``, run as SageMaker Search.

The list's other filters (``--name-contains``, ``--status-equals`` …) still apply, to the Search
results; the output is ListTrainingJobs' (``TrainingJobSummaries``), so scripts read both alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.aws.errors import OfflineError
from tui.aws.search import summary_from_record, training_job_members
from tui.commands.common import USAGE_EXIT, UsageError
from tui.models.where import Where, WhereError, parse_where


def parse_option(text: str, now: datetime, *, prog: str = "sagemaker-tui", code: int = USAGE_EXIT) -> Where:
    """``--where``'s query, or a :class:`UsageError` (exit ``code``: 252 for the headless commands,
    as the AWS CLI; the TUI's own usage errors exit 2) whose one line names the column."""
    try:
        return parse_where(text, now, properties=training_job_members() | {"Metrics"})
    except WhereError as exc:
        raise UsageError(f"{prog}: error: --where: {exc}", code) from None


def where_summaries(repository: Any, where: Where, filters: Any) -> tuple[list[dict[str, Any]], int]:
    """The summaries of every job the query matches (newest change first) that also pass the
    list's other ``filters``, and the Search calls it took."""
    from tui.cache.listing import matches

    if repository.offline:
        raise OfflineError("Offline: --where needs the service (SageMaker Search); drop --offline.")
    counter = repository.counter
    before = counter.total
    summaries: list[dict[str, Any]] = []
    for page in repository.search_where(where.expression()):
        summaries.extend(s for s in (summary_from_record(r) for r in page) if matches(s, filters))
    return summaries, counter.total - before
