"""The data layer, cache, models and demo never import textual (they serve headless commands too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fresh_imports import loads

PACKAGE = Path(__file__).resolve().parent.parent / "tui"
TEXTUAL_FREE = [
    "aws", "cache", "models", "demo", "output", "repository.py", "refresh.py", "metrics_repository.py",
    "log_repository.py", "clock.py", "settings.py", "notify.py", "context_repository.py",
    "multi_region.py", "config.py", "config_toml.py", "log.py", "paused_gc.py",
]


def python_files(entry: str) -> list[Path]:
    path = PACKAGE / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []


@pytest.mark.parametrize("entry", TEXTUAL_FREE)
def test_no_textual_import(entry: str) -> None:
    offenders = []
    for file in python_files(entry):
        for node in ast.walk(ast.parse(file.read_text(), str(file))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{file.name}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


def test_headless_modules_do_not_load_textual_at_run_time() -> None:
    """Importing the headless side must not pull textual in indirectly either."""
    headless = [
        "tui.repository", "tui.aws.jobs", "tui.commands.common", "tui.cli", "tui.log_repository",
        "tui.aws.logs", "tui.commands.logs", "tui.demo.log_server", "tui.commands.wait", "tui.notify",
        "tui.demo.stop",
    ]
    assert not loads(headless, "textual")
    assert loads(["tui.screens.job_list"], "textual")  # the check can fail


def test_screens_and_widgets_never_call_boto3() -> None:
    offenders = []
    for folder in ("screens", "widgets"):
        for file in python_files(folder):
            text = file.read_text()
            if "boto3" in text or "botocore" in text:
                offenders.append(str(file.relative_to(PACKAGE)))
    assert offenders == []
