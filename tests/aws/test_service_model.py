"""One loader of botocore's SageMaker model: every user shares the same object."""

from __future__ import annotations

import ast
from pathlib import Path

from tui.aws.service_model import sagemaker_model, sagemaker_regions

ROOT = Path(__file__).resolve().parents[2] / "tui"


def test_the_model_is_loaded_once_and_shared() -> None:
    from tui.aws import search, shapes
    from tui.models import docs
    from tui.output import normalize

    model = sagemaker_model()
    assert model is sagemaker_model()
    assert docs.output_shape() is model.operation_model("DescribeTrainingJob").output_shape
    assert normalize.output_shape("DescribeTrainingJob") is docs.output_shape()
    assert shapes.describe_training_job_shape() is docs.output_shape()
    assert "ProfilingStatus" in search.search_lacks()
    assert "us-east-1" in sagemaker_regions() and list(sagemaker_regions()) == sorted(sagemaker_regions())


def test_no_other_module_loads_the_model() -> None:
    """``get_service_model`` appears in tui/aws/service_model.py alone."""
    callers = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "get_service_model":
                callers.append(path.relative_to(ROOT).as_posix())
    assert callers == ["aws/service_model.py"]
