"""The app's status vocabulary is the service model's."""

from __future__ import annotations

import botocore.session

from tui.aws.statuses import RUNNING_STATUSES, STATUSES, TERMINAL_STATUSES, WARM_POOL_STATUSES


def enum(shape: str) -> set[str]:
    model = botocore.session.get_session().get_service_model("sagemaker")
    return set(model.shape_for(shape).enum)


def test_statuses_are_the_models() -> None:
    assert set(STATUSES) == enum("TrainingJobStatus")
    assert set(STATUSES) == RUNNING_STATUSES | TERMINAL_STATUSES | {"Deleting"}
    assert not RUNNING_STATUSES & TERMINAL_STATUSES
    assert set(WARM_POOL_STATUSES) == enum("WarmPoolResourceStatus")
