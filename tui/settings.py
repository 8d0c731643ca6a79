"""What one run of the app was asked to do, after the command line and config are merged."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.aws.jobs import ListFilters


@dataclass
class RunSettings:
    """Per-run choices the screens need (textual-free, so tests build it directly)."""

    #: Shown in the header: the profile name, or "default"/"demo".
    profile_label: str = "default"
    #: Shown in the header: region, or the endpoint for a custom one.
    location_label: str = ""
    #: Shown in the header once known: the account the credentials reach ("" until then).
    account_label: str = ""
    #: Server-side filters for ListTrainingJobs (--name-contains, --status, --since, --warm-pool-status).
    filters: ListFilters = field(default_factory=ListFilters)
    #: Open straight into this job's detail screen.
    initial_job: str | None = None
    #: ``--where``: a Search query the list shows instead of every job ("" for none).
    where: str = ""
    offline: bool = False
    demo: bool = False
    #: ``--allow-actions``: actions on for this run, whatever the config's ``read_only`` says.
    allow_actions: bool = False
    #: Jobs being watched (``W``), in the order they were added; kept by the app's watcher.
    watched: list[str] = field(default_factory=list)
    #: Live refresh on at start (False in snapshot tests).
    live: bool = True


def actions_enabled(read_only: bool, settings: RunSettings) -> bool:
    """Whether keys that change AWS work: ``--allow-actions``, or ``read_only = false``."""
    return settings.allow_actions or not read_only
