"""The one definition of SageMaker's training-job statuses (botocore's ``TrainingJobStatus`` enum;
``tests/aws/test_statuses.py`` holds it against the service model)."""

from __future__ import annotations

#: Every TrainingJobStatus, in the order the app offers them (filters, palette, quick keys).
#: Deleting (DeleteTrainingJob) is neither running nor terminal: the job is about to go.
STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting")
#: Statuses in which anything can still change (the duration ticks, the job is re-described).
RUNNING_STATUSES = frozenset({"InProgress", "Stopping"})
#: Statuses a job never leaves.
TERMINAL_STATUSES = frozenset({"Completed", "Failed", "Stopped"})
#: WarmPoolStatus values (``ResourceRetainedBillableTimeInSeconds``' companion).
WARM_POOL_STATUSES = ("Available", "Terminated", "Reused", "InUse")
