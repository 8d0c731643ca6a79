"""tui.textual_version reads the same version as textual.__version__, without importlib.metadata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui import textual_version as module


def test_the_same_string_as_textual_itself() -> None:
    import textual

    module.textual_version.cache_clear()
    assert module.textual_version() == textual.__version__


def test_without_importing_importlib_metadata() -> None:
    code = (
        "import sys; from tui.textual_version import textual_version; v = textual_version(); "
        "print(v, 'importlib.metadata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    version, loaded = out.split()
    assert loaded == "False" and version[0].isdigit()


@pytest.mark.parametrize("names", [[], ["textual-1.0.0.dist-info", "textual-2.0.0.dist-info"]])
def test_no_single_dist_info_falls_back_to_textual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> None:
    import textual

    package = tmp_path / "textual"
    package.mkdir()
    for name in names:
        (tmp_path / name).mkdir()
    monkeypatch.setattr(textual, "__file__", str(package / "__init__.py"))
    module.textual_version.cache_clear()
    try:
        assert module.textual_version() == textual.__version__
    finally:
        module.textual_version.cache_clear()


def test_a_dist_info_beside_the_package_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import textual

    package = tmp_path / "textual"
    package.mkdir()
    (tmp_path / "textual-9.9.9.dist-info").mkdir()
    (tmp_path / "textual_autocomplete-1.0.dist-info").mkdir()
    monkeypatch.setattr(textual, "__file__", str(package / "__init__.py"))
    module.textual_version.cache_clear()
    try:
        assert module.textual_version() == "9.9.9"
    finally:
        module.textual_version.cache_clear()
