"""User configuration (``config.toml``): the settings, their defaults, and where they are looked for.

Precedence: command-line options beat the config file, which beats these defaults.
(Loading and strict validation land with the config issue; the fields are fixed here so every
part of the app reads the same names.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_COLUMNS = (
    "name",
    "status",
    "secondary",
    "created",
    "duration",
    "modified",
    "warm_pool",
    "instance",
    "billable",
)


@dataclass
class AppConfig:
    """Everything a user can set in ``config.toml``."""

    #: AWS profile used when --profile and AWS_PROFILE are not given.
    profile: str | None = None
    #: AWS region used when --region and AWS_REGION are not given.
    region: str | None = None
    #: Theme name (a file in themes/ or the user's themes dir).
    theme: str = "sagemaker-dark"
    #: Seconds between incremental list refreshes.
    list_interval: float = 15.0
    #: Seconds between re-describes of a running job.
    running_job_interval: float = 10.0
    #: Seconds between re-describes of a finished job whose warm pool or rules can still change.
    settling_job_interval: float = 60.0
    #: botocore adaptive-retry attempts (including the first).
    max_attempts: int = 5
    #: List columns shown, in order.
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    #: "relative" or "absolute" times in the list.
    time_display: str = "relative"
    #: "utc" or "local" for absolute timestamps.
    timezone: str = "utc"
    #: Mask environment variable values in the detail screen until revealed.
    mask_environment: bool = True
    #: Animations cost bandwidth over SSH: off by default.
    animations: bool = False
    #: binding id -> keys, passed to Textual's ``App.set_keymap``.
    keymap: dict[str, str] = field(default_factory=dict)


def load_config(path: str | None = None) -> AppConfig:
    """The effective config. (Until the config file lands: the defaults.)"""
    return AppConfig()
