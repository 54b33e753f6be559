"""Every list of metrics is the core's registry: the charts menu, report chart blocks, journey links, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from xmdesk.core.journey import maps as journeys
from xmdesk.core.analysis.request import METRICS, Request
from xmdesk.core.study.file import Study
from xmdesk.core.vocabulary import registry
from xmdesk.gui.charts.area import ChartsArea
from xmdesk.gui.i18n import apply_language, current_language
from xmdesk.gui.journey.dialogs import LinkDialog
from xmdesk.gui.reports.blocks import BlockTexts


def combo_items(combo) -> list[tuple[str, str]]:  # noqa: ANN001 - a QComboBox
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def test_menus_name_the_registry_metrics_in_the_app_language(demo_path: Path, qtbot) -> None:  # noqa: ANN001
    language = current_language()
    apply_language("zh")
    try:
        study = Study.open(demo_path)
        area = ChartsArea(study)
        qtbot.addWidget(area)
        assert combo_items(area.metric_combo) == [(chart.label("zh"), chart.key) for _, chart in registry.CHARTS]
        assert ("NPS 分组对比（含置信区间）", "nps_bars") in combo_items(area.metric_combo)
        measure = next(f for f in BlockTexts().fields("chart", study) if f.path == ("request", "metric"))
        assert measure.choices == tuple((m.name, m.label("zh")) for m in registry.METRICS)
        dialog = LinkDialog(study, None)
        qtbot.addWidget(dialog)
        assert combo_items(dialog.metric_combo) == [(registry.metric(m).label("zh"), m) for m in registry.HEADLINE]
        qtbot.waitUntil(lambda: not area.computation.busy, timeout=20000)
        study.close()
    finally:
        apply_language(language)


def test_the_core_and_the_cli_accept_exactly_the_registry(demo_path: Path) -> None:
    assert METRICS == registry.NAMES and journeys.METRICS == ("nps", "csat", "ces", "mean")
    assert all(Request(m.name, "nps", Request.from_dict({"metric": "nps", "question": "nps", "survey": "s"}).query)
               for m in registry.METRICS)
    result = subprocess.run([sys.executable, "-m", "xmdesk", "stats", str(demo_path), "--metric", "top3",
                             "--question", "nps"], capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 2 and f"choose from {', '.join(repr(n) for n in registry.NAMES)}" in result.stderr
