"""tui.log: the package's loggers, made on first use, quiet without --debug."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh_imports import loads
from tui.log import logger

PACKAGE = Path(__file__).resolve().parent.parent / "tui"


def test_only_tui_log_makes_the_packages_loggers() -> None:
    """A module calling ``logging.getLogger(__name__)`` itself would log before the package's
    NullHandler exists (Python's last-resort handler would print raw onto the terminal)."""
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if file == PACKAGE / "log.py":
            continue
        for node in ast.walk(ast.parse(file.read_text(), str(file))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "getLogger" or not node.args:
                continue
            first = node.args[0]
            named_tui = isinstance(first, ast.Constant) and str(first.value).startswith("tui")
            if named_tui or (isinstance(first, ast.Name) and first.id == "__name__"):
                offenders.append(f"{file.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_a_warning_without_debug_prints_nothing() -> None:
    code = "from tui.log import logger; logger('tui.cache.store').warning('raw %s', 'text')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == "" and result.stdout == ""


def test_importing_the_cache_hit_commands_does_not_import_logging() -> None:
    cache_hit = [
        "tui", "tui.cli", "tui.commands.cache_hit", "tui.commands.describe", "tui.commands.list_jobs",
        "tui.commands.logs", "tui.commands.metrics", "tui.log_repository", "tui.metrics_repository",
        "tui.repository",
    ]
    assert not loads(cache_hit, "logging")
    assert loads(["tui.commands.common", "tui.debug_log"], "logging")  # the check can fail


def test_records_name_the_caller(caplog: pytest.LogCaptureFixture) -> None:
    log = logger("tui.some.module")
    with caplog.at_level(logging.INFO, logger="tui"):
        log.info("hello %s", "there")
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("it failed")
    first, second = caplog.records
    assert (first.name, first.getMessage()) == ("tui.some.module", "hello there")
    assert first.filename == "test_log_setup.py"
    assert second.exc_info is not None and second.filename == "test_log_setup.py"
    assert second.levelno == logging.ERROR
