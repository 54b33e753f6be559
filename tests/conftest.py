"""Shared fixtures: every test runs with its own XMDesk home, never the user's files or settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")


@pytest.fixture(scope="session", autouse=True)
def one_qt_application() -> None:
    """A QApplication first, in every worker: code under test that draws (charts, journeys, posters, a pack's photos)
    makes a QGuiApplication when none exists, Qt allows one application per process, and a GUI test after such a core
    test in the same worker then aborted the worker ('QWidget: Cannot create a QWidget without QApplication' in
    tests/gui/conftest.py's first widget; xdist then hung). Whether it happened depended on the order xdist gave the
    files: tests/core/test_hostile_packs.py's random damage, then tests/gui/test_derived_dialog.py, did."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication([])


@pytest.fixture(autouse=True)
def xmdesk_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("xmdesk_home")
    monkeypatch.setenv("XMDESK_HOME", str(home))
    from xmdesk.core.study import audit

    audit.device_id.cache_clear()
    yield home
    audit.device_id.cache_clear()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo study built per test session; tests copy it rather than rebuild it."""
    from xmdesk.core.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.xmd", responses_count=1000, seed=0)


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "demo.xmd"
    shutil.copyfile(demo_template, target)
    return target
