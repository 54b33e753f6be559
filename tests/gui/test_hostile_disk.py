"""Issue 16, case 9 in the app: saving a chart on a full disk shows the one-line message, never "saved".

The disk is a small tmpfs the test mounts and fills (skipped with the reason where mounting is not allowed;
tests/core/test_hostile_disk.py injects the same fault for every exporter).
"""

from __future__ import annotations

from pathlib import Path

from tests.core.test_hostile_disk import fill, small_disk  # noqa: F401 - the fixture is used by name
from tests.gui.test_charts import area  # noqa: F401 - the fixture is used by name
from xmdesk.gui.areas.charts import ChartsArea


def test_saving_a_chart_on_a_full_disk(area: ChartsArea, small_disk: Path, message_boxes) -> None:  # noqa: ANN001, F811
    fill(small_disk)
    for name, svg in (("chart.png", False), ("chart.svg", True)):
        area.save_image(small_disk / name, svg=svg)
        assert not (small_disk / name).exists() and not (small_disk / f"{name}.partial").exists()
    said = message_boxes.texts("critical")
    assert [text.split(":")[0] for text in said] == ["The disk is full", "The disk is full"]
    assert message_boxes.texts("information") == []  # no "saved" message for a file that is not there
