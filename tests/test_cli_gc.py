"""The collector is paused while start-up imports run, then runs as usual (tui.paused_gc, tui.cli)."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys

from tui.paused_gc import importing


def test_importing_the_entry_point_leaves_the_collector_on_with_the_imports_frozen() -> None:
    code = "import gc, tui.cli; print(gc.isenabled(), gc.get_freeze_count() > 1000)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


def test_importing_pauses_the_collector_and_restores_its_state() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        with importing():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()  # a caller that had it off (a benchmark, a profiler) keeps it off
        with importing():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        if was:
            gc.enable()


def test_a_failing_import_still_turns_the_collector_back_on() -> None:
    gc.enable()
    try:
        with importing():
            importlib.import_module("tui.no_such_module")
    except ModuleNotFoundError:
        pass
    finally:
        gc.unfreeze()
    assert gc.isenabled()
