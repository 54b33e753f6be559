"""Shared fixtures: every test runs with its own XMDesk home, never the user's files or settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")


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
