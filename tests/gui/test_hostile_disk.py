"""Issue 16, case 9 with Qt: the PDF report, the journey picture and a chart saved in the app on a full disk.

Here because Qt paints them and its application must be the GUI tests' one (a core test that made Qt's
painting-only application first would leave no room for the widgets). The disk is a small tmpfs the test
mounts and fills, skipped with the reason where mounting is not allowed; tests/core/test_hostile_disk.py
injects the same fault where it cannot mount.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_hostile_disk import assert_refused_on_a_full_disk, built_report, fill
from tests.core.test_hostile_disk import small_disk  # noqa: F401 - the fixture is used by name
from tests.gui.test_charts import area  # noqa: F401 - the fixture is used by name
from xmdesk.core.journey.scores import score_journey
from xmdesk.core.journey.maps import journey_names, load_journey
from xmdesk.core.study.file import Study
from xmdesk.gui.charts.area import ChartsArea
from xmdesk.render.journey import export_journey
from xmdesk.render.pdf import write_pdf


def _journey(study: Study, path: Path) -> None:
    journey = load_journey(study, journey_names(study)[0])
    export_journey(journey, score_journey(study, journey), path)


@pytest.mark.parametrize("name", ["report.pdf", "journey.png"])
def test_painted_outputs_on_a_full_disk(name: str, qapp, demo_path: Path, small_disk: Path) -> None:  # noqa: ANN001, F811
    write = _journey if name == "journey.png" else lambda study, path: write_pdf(built_report(study), path)
    assert_refused_on_a_full_disk(name, write, demo_path, small_disk)


def test_saving_a_chart_on_a_full_disk(area: ChartsArea, small_disk: Path, message_boxes) -> None:  # noqa: ANN001, F811
    fill(small_disk)
    for name, svg in (("chart.png", False), ("chart.svg", True)):
        area.save_image(small_disk / name, svg=svg)
        assert not (small_disk / name).exists() and not (small_disk / f"{name}.partial").exists()
    said = message_boxes.texts("critical")
    assert [text.split(":")[0] for text in said] == ["The disk is full", "The disk is full"]
    assert message_boxes.texts("information") == []  # no "saved" message for a file that is not there
