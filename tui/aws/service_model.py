"""botocore's SageMaker service model: the one loader (about 90 ms the first time, then shared).

The reference for every field the app shows. Hot paths (the cache-hit commands, start-up) read the
tables generated from it (:mod:`tui.aws.model_tables`) instead; what needs the model itself (the
demo's shapes, Search's missing members, rebuilding the tables) loads it here, once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _session() -> Any:
    import botocore.session

    return botocore.session.get_session()


@lru_cache(maxsize=1)
def sagemaker_model() -> Any:
    """The installed botocore's SageMaker ``ServiceModel``."""
    return _session().get_service_model("sagemaker")


@lru_cache(maxsize=1)
def sagemaker_regions() -> tuple[str, ...]:
    """Every region of every partition where botocore's endpoint data has SageMaker, sorted."""
    session = _session()
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("sagemaker", partition_name=partition))
    return tuple(sorted(regions))
