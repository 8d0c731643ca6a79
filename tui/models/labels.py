"""Human labels for the service's member names (``MlflowExperimentName`` -> ``MLflow experiment
name``), for the detail panes' rows that list a structure's members as they come (pure).

Only API member names go through here: hyperparameter names, environment variables and rule
parameters are the user's own keys and are shown exactly as set.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Words the service spells in CamelCase that are written otherwise in prose.
SPELLING = {
    "arn": "ARN",
    "arns": "ARNs",
    "id": "ID",
    "ids": "IDs",
    "eula": "EULA",
    "mlflow": "MLflow",
    "peft": "PEFT",
    "kms": "KMS",
    "url": "URL",
    "uri": "URI",
    "vpc": "VPC",
    "ml": "ML",
    "ecr": "ECR",
    "gpu": "GPU",
    "s3": "S3",
    "sdk": "SDK",
    "automl": "AutoML",
    "sagemaker": "SageMaker",
}

# An acronym run before a capitalised word (KMSKey -> KMS, Key), a capitalised or lower-case word
# with its digits (S3, Uri, v2), or a trailing acronym.
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z0-9]+")


@lru_cache(maxsize=1024)
def human_label(member: str) -> str:
    """``ExperimentName`` -> ``Experiment name``, ``AcceptEula`` -> ``Accept EULA``,
    ``MlflowResourceArn`` -> ``MLflow resource ARN``; text that is not CamelCase comes back as is."""
    words = _WORDS.findall(member)
    if not words or "".join(words) != member:
        return member  # spaces, underscores, dashes: not a member name
    out = []
    for i, word in enumerate(words):
        spelled = SPELLING.get(word.lower())
        if spelled is not None:
            out.append(spelled)
        elif word.isupper() and len(word) > 1:
            out.append(word)  # an acronym the service already capitalised
        else:
            out.append(word.capitalize() if i == 0 else word.lower())
    return " ".join(out)
