"""Fixtures of the core tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from xmdesk.core import messages
from xmdesk.core.study.file import Study


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    """A new, empty study file on disk, open for the test and closed after it; messages in English, which
    the tests read. (Test modules that need another study define their own `study`.)"""
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as created:
        yield created
